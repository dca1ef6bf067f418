import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, type EngineSnapshot, type RandomState, type RunConfig } from '@mfpg/core';

/** File name of a run's checkpoint inside its output folder. */
export const CHECKPOINT_FILE = 'checkpoint.json';
const FORMAT = 'mfpg-checkpoint/2';

/**
 * Everything needed to continue a run exactly (CPU backend: byte-identical outputs): the engine
 * state between two steps, the state of the metrics that keep memory between kept steps, how many
 * bytes of metrics.jsonl were written by then, and what the state belongs to (mfpg version, hash
 * of the resolved config).
 */
export interface Checkpoint {
  readonly format: typeof FORMAT;
  readonly mfpg: string;
  /** SHA-256 of the resolved config (JSON), so a checkpoint cannot continue another run. */
  readonly configHash: string;
  /** Index of the next step; the particles are at t (= step·dt, or t_step of a dt schedule). */
  readonly step: number;
  readonly t: number;
  /** Length in bytes of metrics.jsonl at the checkpoint: rows of steps < step. */
  readonly metricsBytes: number;
  /** The run's --checkpoint-every K, which a resumed run keeps unless told otherwise. */
  readonly every: number;
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
  /** SHA-256 of every other field (JSON), to detect a corrupted or edited file. */
  readonly checksum: string;
}

type CheckpointBody = Omit<Checkpoint, 'checksum'>;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** SHA-256 of a resolved config (or of config.json parsed back: JSON keeps key order and values). */
export function configHash(config: unknown): string {
  return sha256(JSON.stringify(config));
}

function checksumOf(body: CheckpointBody): string {
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
  return { ...body, checksum: checksumOf(body) };
}

/** The engine snapshot stored in a checkpoint. */
export function snapshotOf(checkpoint: Checkpoint): EngineSnapshot {
  const bytes = Buffer.from(checkpoint.theta, 'base64');
  const theta = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  return { step: checkpoint.step, particleCount: checkpoint.particleCount, dim: checkpoint.dim, theta: Array.from(theta), random: checkpoint.random, integrator: checkpoint.integrator };
}

/**
 * Writes the checkpoint atomically: to a temporary file in the same folder, then renamed over the
 * old one, so a kill at any moment leaves either the previous or the new checkpoint, never half.
 */
export function writeCheckpoint(directory: string, checkpoint: Checkpoint): void {
  const path = join(directory, CHECKPOINT_FILE);
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(checkpoint)}\n`);
  renameSync(temporary, path);
}

/**
 * Reads and checks the checkpoint of the run in `directory` against what resuming needs: a run
 * folder, an intact checkpoint (checksum) written by this mfpg version for this config, with its
 * metrics on disk. Any problem is a ConfigError naming the file and what is wrong; nothing is written.
 */
export function readCheckpoint(directory: string, config: unknown, mfpgVersion: string): Checkpoint {
  const path = join(directory, CHECKPOINT_FILE);
  if (!existsSync(path)) {
    throw ConfigError.of('DIR', directory, `a run folder with a ${CHECKPOINT_FILE} (this run was started without --checkpoint-every, or stopped before its first checkpoint)`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw ConfigError.of(path, '(unreadable JSON)', `an intact checkpoint; this one is corrupted (${(error as Error).message})`);
  }
  const checkpoint = parsed as Checkpoint;
  if (typeof parsed !== 'object' || parsed === null || checkpoint.format !== FORMAT) {
    const format = (parsed as { format?: unknown } | null)?.format;
    const why = typeof format === 'string' && format.startsWith('mfpg-checkpoint/') ? 'this checkpoint was written by another mfpg version; resume it with that version' : 'this file is not an mfpg checkpoint';
    throw ConfigError.of(`${path}: format`, format, `"${FORMAT}" (${why})`);
  }
  if (checkpoint.checksum !== checksumOf(checkpoint)) {
    throw ConfigError.of(`${path}: checksum`, checkpoint.checksum, 'the SHA-256 of its contents; the checkpoint is corrupted or was edited, so it cannot be resumed');
  }
  if (checkpoint.mfpg !== mfpgVersion) {
    throw ConfigError.of(`${path}: mfpg`, checkpoint.mfpg, `a checkpoint written by this mfpg version (${mfpgVersion}); resume it with mfpg ${checkpoint.mfpg}`);
  }
  if (checkpoint.configHash !== configHash(config)) {
    throw ConfigError.of(`${join(directory, 'config.json')}`, '(changed since the checkpoint)', 'the config the checkpoint was written for; config.json was edited');
  }
  const metrics = join(directory, 'metrics.jsonl');
  const size = existsSync(metrics) ? statSync(metrics).size : -1;
  if (size < checkpoint.metricsBytes) {
    throw ConfigError.of(metrics, size < 0 ? 'missing' : `${size} bytes`, `at least the ${checkpoint.metricsBytes} bytes written before the checkpoint`);
  }
  return checkpoint;
}
