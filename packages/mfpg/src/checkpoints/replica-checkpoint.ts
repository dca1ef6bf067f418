import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '@mfpg/core';
import { writeFileAtomic } from '../output/atomic-write';
import { type Checkpoint, checkCheckpointFields, configHash, isInteger, isRecord, sha256, verifyMetricsFile } from './checkpoint';
import { assertFields, assertOrigin, CHECKPOINT_FILE, type CheckpointHeader, readCheckpointJson } from './checkpoint-file';

const FORMAT = 'mfpg-replica-checkpoint/1';

/**
 * The checkpoint of a replica run (checkpoint.json of its top folder): the step all replicas are
 * at, how many bytes of the top metrics.jsonl (the distances) were written by then, and each
 * replica's own checkpoint — engine state, metric memory and metrics.jsonl length of its
 * `replica-<k>/` folder — in the format of a single run's (`Checkpoint`).
 */
export interface ReplicaCheckpoint extends CheckpointHeader {
  readonly format: typeof FORMAT;
  readonly replicas: readonly Checkpoint[];
}

type Body = Omit<ReplicaCheckpoint, 'checksum'>;

const checksumOf = ({ format, mfpg, configHash: hash, step, t, metricsBytes, every, replicas }: Body) => sha256(JSON.stringify([format, mfpg, hash, step, t, metricsBytes, every, replicas]));

/** Writes the checkpoint of a replica run to its top folder (atomically, as a single run's). */
export function writeReplicaCheckpoint(directory: string, config: unknown, mfpgVersion: string, every: number, replicas: readonly Checkpoint[]): void {
  const [first] = replicas;
  const metricsBytes = statSync(join(directory, 'metrics.jsonl')).size;
  const body: Body = { format: FORMAT, mfpg: mfpgVersion, configHash: configHash(config), step: first.step, t: first.t, metricsBytes, every, replicas };
  writeFileAtomic(join(directory, CHECKPOINT_FILE), `${JSON.stringify({ ...body, checksum: checksumOf(body) })}\n`);
}

/**
 * Reads and checks the checkpoint of the replica run in `directory` (config.json: `config`,
 * `count` replicas in `replica-<k>/` folders named by `replicaFolder`): its format and fields,
 * checksum, mfpg version and config, then each replica's checkpoint as a single run's against
 * its own config.json and metrics.jsonl, all at the same step. Any problem is a ConfigError
 * naming the file and field; nothing is written.
 */
export function readReplicaCheckpoint(directory: string, config: unknown, count: number, replicaFolder: (k: number) => string, mfpgVersion: string): ReplicaCheckpoint {
  const { path, parsed } = readCheckpointJson(directory);
  if (!isRecord(parsed) || parsed.format !== FORMAT) {
    throw ConfigError.of(`${path}: format`, isRecord(parsed) ? parsed.format : undefined, `"${FORMAT}" (the checkpoint of a replica run of this mfpg version)`);
  }
  assertFields(path, parsed, [
    ['mfpg', typeof parsed.mfpg === 'string', 'a version string'],
    ['step', isInteger(parsed.step, 0), 'an integer ≥ 0 (the next step)'],
    ['metricsBytes', isInteger(parsed.metricsBytes, 0), 'an integer ≥ 0 (bytes of metrics.jsonl)'],
    ['every', isInteger(parsed.every, 1), 'an integer ≥ 1 (steps between checkpoints)'],
    ['replicas', Array.isArray(parsed.replicas) && parsed.replicas.length === count && parsed.replicas.every(isRecord), `a list of ${count} replica checkpoints (replicas.count)`],
  ]);
  const checkpoint = parsed as unknown as ReplicaCheckpoint;
  assertOrigin(path, checkpoint, checksumOf(checkpoint), mfpgVersion, { hash: configHash(config), file: join(directory, 'config.json') });
  checkpoint.replicas.forEach((replica, k) => {
    const folder = join(directory, replicaFolder(k));
    const file = join(folder, 'config.json');
    let own: unknown;
    try {
      own = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw ConfigError.of(file, '(unreadable)', `replica ${k}'s config.json, written when the run started (${(error as Error).message})`);
    }
    const at = `${path}: replicas.${k}`;
    checkCheckpointFields(replica as unknown as Record<string, unknown>, at, { config: own, file }, mfpgVersion);
    if (replica.step !== checkpoint.step) throw ConfigError.of(`${at}.step`, replica.step, `${checkpoint.step}, the step of the checkpoint; the checkpoint is damaged`);
    verifyMetricsFile(folder, replica, at);
  });
  verifyMetricsFile(directory, checkpoint, path);
  return checkpoint;
}
