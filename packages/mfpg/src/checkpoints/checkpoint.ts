import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, type EngineSnapshot, type FlowEngine, type RandomState, type RunConfig } from '@mfpg/core';
import { writeFileAtomic } from '../output/atomic-write';
import { assertFields, assertOrigin, CHECKPOINT_FILE, type CheckpointHeader, readCheckpointJson } from './checkpoint-file';

export { CHECKPOINT_FILE } from './checkpoint-file';

const FORMAT = 'mfpg-checkpoint/2';

/**
 * Everything needed to continue a run exactly (CPU backend: byte-identical outputs): the engine
 * state between two steps, the state of the metrics that keep memory between kept steps, how many
 * bytes of metrics.jsonl were written by then, and what the state belongs to (mfpg version, hash
 * of the resolved config).
 */
export interface Checkpoint extends CheckpointHeader {
  readonly format: typeof FORMAT;
  readonly particleCount: number;
  readonly dim: number;
  /** The N×d particles as the base64 of their little-endian float64 bytes (exact, −0 included). */
  readonly theta: string;
  readonly random: RandomState;
  readonly integrator: unknown;
  /**
   * The saved state of each `monitor.metrics` entry that keeps memory (MonitorSession.metricMemory),
   * keyed `index/name`, e.g. `{ "0/w2-successive": { previous: "…", previousT: 0.5 } }`.
   */
  readonly metricMemory: Readonly<Record<string, unknown>>;
}

type CheckpointBody = Omit<Checkpoint, 'checksum'>;

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** SHA-256 of a resolved config (or of config.json parsed back: JSON keeps key order and values). */
export function configHash(config: unknown): string {
  return sha256(JSON.stringify(config));
}

/** The checksum field of a checkpoint: SHA-256 of every other field. */
export function checkpointChecksum(body: CheckpointBody): string {
  const { format, mfpg, configHash: hash, step, t, metricsBytes, every, particleCount, dim, theta, random, integrator, metricMemory } = body;
  return sha256(JSON.stringify([format, mfpg, hash, step, t, metricsBytes, every, particleCount, dim, theta, random, integrator, metricMemory]));
}

/** A checkpoint of an engine snapshot and the metrics' memory (see {@link Checkpoint}). */
export function makeCheckpoint(
  snapshot: EngineSnapshot,
  t: number,
  config: RunConfig,
  mfpgVersion: string,
  metricsBytes: number,
  every: number,
  metricMemory: Readonly<Record<string, unknown>> = {},
): Checkpoint {
  const theta = Float64Array.from(snapshot.theta);
  const body: CheckpointBody = {
    format: FORMAT,
    mfpg: mfpgVersion,
    configHash: configHash(config),
    step: snapshot.step,
    t,
    metricsBytes,
    every,
    particleCount: snapshot.particleCount,
    dim: snapshot.dim,
    theta: Buffer.from(theta.buffer, theta.byteOffset, theta.byteLength).toString('base64'),
    random: snapshot.random,
    integrator: snapshot.integrator ?? null,
    metricMemory,
  };
  return { ...body, checksum: checkpointChecksum(body) };
}

/** The engine snapshot stored in a checkpoint. */
export function snapshotOf(checkpoint: Checkpoint): EngineSnapshot {
  const bytes = Buffer.from(checkpoint.theta, 'base64');
  const theta = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  return { step: checkpoint.step, particleCount: checkpoint.particleCount, dim: checkpoint.dim, theta: Array.from(theta), random: checkpoint.random, integrator: checkpoint.integrator };
}

/**
 * Writes the checkpoint atomically: to a temporary file in the same folder, then renamed over the
 * old one, so a kill at any moment leaves either the previous or the new checkpoint, never half;
 * a failed write (full disk) removes the temporary file and throws an OutputError.
 */
export function writeCheckpoint(directory: string, checkpoint: Checkpoint): void {
  writeFileAtomic(join(directory, CHECKPOINT_FILE), `${JSON.stringify(checkpoint)}\n`);
}

export const isInteger = (value: unknown, min: number): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= min;
export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The shape every checkpoint field must have, checked before the checksum so that a damaged file
 * is reported by the field that is wrong.
 */
function fieldChecks(parsed: Record<string, unknown>): [string, boolean, string][] {
  return [
    ['mfpg', typeof parsed.mfpg === 'string', 'a version string'],
    ['configHash', typeof parsed.configHash === 'string' && /^[0-9a-f]{64}$/.test(parsed.configHash), 'a SHA-256 in hex'],
    ['step', isInteger(parsed.step, 0), 'an integer ≥ 0 (the next step)'],
    ['t', typeof parsed.t === 'number' && Number.isFinite(parsed.t) && parsed.t >= 0, 'a finite time ≥ 0'],
    ['metricsBytes', isInteger(parsed.metricsBytes, 0), 'an integer ≥ 0 (bytes of metrics.jsonl)'],
    ['every', isInteger(parsed.every, 1), 'an integer ≥ 1 (steps between checkpoints)'],
    ['particleCount', isInteger(parsed.particleCount, 1), 'an integer ≥ 1'],
    ['dim', isInteger(parsed.dim, 1), 'an integer ≥ 1'],
    ['theta', typeof parsed.theta === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(parsed.theta), 'base64 of the particles'],
    ['random', isRecord(parsed.random) && typeof parsed.random.algorithm === 'string' && Array.isArray(parsed.random.words) && parsed.random.words.every((word) => isInteger(word, -(2 ** 31)) && word < 2 ** 32) && (parsed.random.spareNormal === null || (typeof parsed.random.spareNormal === 'number' && Number.isFinite(parsed.random.spareNormal))), 'a random state { algorithm, words: 32-bit integers, spareNormal: finite or null }'],
    ['metricMemory', isRecord(parsed.metricMemory), 'an object of saved metric states'],
    ['checksum', typeof parsed.checksum === 'string', 'a SHA-256 in hex'],
  ];
}

/**
 * Reads and checks the checkpoint of the run in `directory` against what resuming needs: a run
 * folder, an intact checkpoint (every field's type and range, then the checksum) written by this
 * mfpg version for this config, with its metrics on disk up to a row boundary. Any problem is a
 * ConfigError naming the file and field; nothing is written. `verifyCheckpointFits` then
 * checks it against the engine built from the config.
 */
export function readCheckpoint(directory: string, config: unknown, mfpgVersion: string): Checkpoint {
  const { path, parsed } = readCheckpointJson(directory);
  if (!isRecord(parsed) || parsed.format !== FORMAT) {
    const format = isRecord(parsed) ? parsed.format : undefined;
    const why = typeof format === 'string' && format.startsWith('mfpg-checkpoint/') ? 'this checkpoint was written by another mfpg version; resume it with that version' : 'this file is not an mfpg checkpoint';
    throw ConfigError.of(`${path}: format`, format, `"${FORMAT}" (${why})`);
  }
  const checkpoint = checkCheckpointFields(parsed, path, { config, file: join(directory, 'config.json') }, mfpgVersion);
  verifyMetricsFile(directory, checkpoint, path);
  return checkpoint;
}

/**
 * Checks a parsed checkpoint of format "mfpg-checkpoint/2" (its format read already): every field's
 * type and range, then the checksum, the mfpg version and the config it was written for (read from
 * `file`); `path` names it in the ConfigError.
 */
export function checkCheckpointFields(parsed: Record<string, unknown>, path: string, config: { readonly config: unknown; readonly file: string }, mfpgVersion: string): Checkpoint {
  assertFields(path, parsed, fieldChecks(parsed));
  const checkpoint = parsed as unknown as Checkpoint;
  assertOrigin(path, checkpoint, checkpointChecksum(checkpoint), mfpgVersion, { hash: configHash(config.config), file: config.file });
  return checkpoint;
}

/** Reads `length` bytes of `path` from `position` (fewer at the end of the file). */
function readBytes(path: string, position: number, length: number): string {
  const buffer = Buffer.alloc(length);
  const fd = openSync(path, 'r');
  try {
    return buffer.subarray(0, readSync(fd, buffer, 0, length, position)).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

const stepOfRow = (row: string | undefined): number | undefined => {
  try {
    const step = row === undefined ? undefined : (JSON.parse(row) as { step?: unknown }).step;
    return typeof step === 'number' ? step : undefined;
  } catch {
    return undefined;
  }
};

/** The longest metrics row looked at when checking where metricsBytes falls. */
const LONGEST_ROW = 1 << 20;

/**
 * metrics.jsonl holds at least metricsBytes, and byte metricsBytes falls between the row of the
 * last step logged before the checkpoint and the first row at or after it (rows a run killed
 * between checkpoints wrote): an edited metricsBytes cannot cut away rows that must stay.
 */
export function verifyMetricsFile(directory: string, checkpoint: Pick<Checkpoint, 'metricsBytes' | 'step'>, path: string): void {
  const metrics = join(directory, 'metrics.jsonl');
  const size = existsSync(metrics) ? statSync(metrics).size : -1;
  if (size < checkpoint.metricsBytes) {
    throw ConfigError.of(metrics, size < 0 ? 'missing' : `${size} bytes`, `at least the ${checkpoint.metricsBytes} bytes written before the checkpoint`);
  }
  const misplaced = () =>
    ConfigError.of(`${path}: metricsBytes`, checkpoint.metricsBytes, `the length of the rows of metrics.jsonl before step ${checkpoint.step}; byte ${checkpoint.metricsBytes} does not end the last of them`);
  if (checkpoint.metricsBytes > 0) {
    const length = Math.min(checkpoint.metricsBytes, LONGEST_ROW);
    const before = readBytes(metrics, checkpoint.metricsBytes - length, length);
    const lastStep = before.endsWith('\n') ? stepOfRow(before.slice(0, -1).split('\n').at(-1)) : undefined;
    if (!(lastStep !== undefined && lastStep < checkpoint.step)) throw misplaced();
  }
  if (size > checkpoint.metricsBytes) {
    const after = readBytes(metrics, checkpoint.metricsBytes, Math.min(size - checkpoint.metricsBytes, LONGEST_ROW));
    // A last row cut short (killed while writing it) is dropped on resume anyway; a complete one must be of a later step.
    const nextStep = stepOfRow(after.split('\n')[0]);
    if (after.includes('\n') && !(nextStep !== undefined && nextStep >= checkpoint.step)) throw misplaced();
  }
}

/**
 * Puts `engine` (built from the run's config) where `checkpoint` left it, after checking, before
 * anything is restored or any file touched, that the checkpoint fits it: the particle array's size,
 * the step within the run, its time t, finite particles, a random state of the engine's generator.
 * `path` names the checkpoint in the ConfigError (a replica's: `…/checkpoint.json: replicas.k`).
 */
export function restoreFromCheckpoint(engine: FlowEngine, checkpoint: Checkpoint, path: string): void {
  const fail = (field: string, given: unknown, allowed: string) => ConfigError.of(`${path}: ${field}`, given, `${allowed}; the checkpoint does not belong to this run`);
  if (checkpoint.particleCount !== engine.particleCount) throw fail('particleCount', checkpoint.particleCount, `${engine.particleCount} (particles.count)`);
  if (checkpoint.dim !== engine.dim) throw fail('dim', checkpoint.dim, `${engine.dim} (the parameter dimension)`);
  if (checkpoint.step > engine.totalSteps) throw fail('step', checkpoint.step, `an integer in [0, ${engine.totalSteps}] (the run's steps)`);
  // t_step: step·dt, or the scheduled time under a dt schedule (schedules.dt).
  const t = engine.timeAt(checkpoint.step);
  if (!(Math.abs(checkpoint.t - t) <= 1e-9 * Math.max(1, t))) throw fail('t', checkpoint.t, `t at step ${checkpoint.step} = ${t}`);
  const bytes = Buffer.from(checkpoint.theta, 'base64');
  if (bytes.byteLength !== checkpoint.particleCount * checkpoint.dim * 8) throw fail('theta', `${bytes.byteLength} bytes`, `${checkpoint.particleCount * checkpoint.dim * 8} bytes (N·d float64)`);
  const theta = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const bad = theta.findIndex((x) => !Number.isFinite(x));
  if (bad >= 0) throw fail(`theta[${bad}]`, theta[bad], 'finite particle coordinates');
  const fresh = engine.snapshot().random;
  if (checkpoint.random.algorithm !== fresh.algorithm || checkpoint.random.words.length !== fresh.words.length) {
    throw fail('random', checkpoint.random, `a ${fresh.algorithm} state of ${fresh.words.length} words`);
  }
  try {
    engine.restore(snapshotOf(checkpoint));
  } catch (error) {
    throw ConfigError.of(path, '(its engine state)', `a state this run's engine can continue from (${(error as Error).message})`);
  }
}
