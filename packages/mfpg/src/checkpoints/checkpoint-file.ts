import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '@mfpg/core';

/** File name of a run's checkpoint inside its output folder (a single run's or a replica run's). */
export const CHECKPOINT_FILE = 'checkpoint.json';

/** What every checkpoint records besides its state: what it belongs to, where the run stood, and its checksum. */
export interface CheckpointHeader {
  readonly mfpg: string;
  /** SHA-256 of the resolved config (JSON), so a checkpoint cannot continue another run. */
  readonly configHash: string;
  /** Index of the next step; the particles are at t (= step·dt, or t_step of a dt schedule). */
  readonly step: number;
  readonly t: number;
  /** Length in bytes of the folder's metrics.jsonl at the checkpoint: rows of steps < step. */
  readonly metricsBytes: number;
  /** The run's --checkpoint-every K, which a resumed run keeps unless told otherwise. */
  readonly every: number;
  /** SHA-256 of every other field (JSON), to detect a corrupted or edited file. */
  readonly checksum: string;
}

/** The parsed JSON of the checkpoint of the run in `directory`; a ConfigError when it is missing or unreadable. */
export function readCheckpointJson(directory: string): { readonly path: string; readonly parsed: unknown } {
  const path = join(directory, CHECKPOINT_FILE);
  if (!existsSync(path)) {
    throw ConfigError.of('DIR', directory, `a run folder with a ${CHECKPOINT_FILE} (this run was started without --checkpoint-every, or stopped before its first checkpoint)`);
  }
  try {
    return { path, parsed: JSON.parse(readFileSync(path, 'utf8')) };
  } catch (error) {
    throw ConfigError.of(path, '(unreadable JSON)', `an intact checkpoint; this one is corrupted (${(error as Error).message})`);
  }
}

/** Field checks of a checkpoint, `[field, passes, what is allowed]`: the first failing one is a ConfigError naming it. */
export function assertFields(path: string, parsed: Record<string, unknown>, checks: readonly (readonly [string, boolean, string])[]): void {
  const failed = checks.find(([, ok]) => !ok);
  if (failed) throw ConfigError.of(`${path}: ${failed[0]}`, parsed[failed[0]], `${failed[2]}; the checkpoint is damaged and cannot be resumed`);
}

/**
 * What every checkpoint must be, once its fields are well-formed: intact (`checksum`, computed from
 * its other fields, as stored), written by this mfpg version, for the config in `configFile`
 * (`configHash`: the hash of `config` as it is now).
 */
export function assertOrigin(
  path: string,
  stored: Pick<CheckpointHeader, 'checksum' | 'mfpg' | 'configHash'>,
  checksum: string,
  mfpgVersion: string,
  config: { readonly hash: string; readonly file: string },
): void {
  if (stored.checksum !== checksum) {
    throw ConfigError.of(`${path}: checksum`, stored.checksum, 'the SHA-256 of its contents; the checkpoint is corrupted or was edited, so it cannot be resumed');
  }
  if (stored.mfpg !== mfpgVersion) {
    throw ConfigError.of(`${path}: mfpg`, stored.mfpg, `a checkpoint written by this mfpg version (${mfpgVersion}); resume it with mfpg ${stored.mfpg}`);
  }
  if (stored.configHash !== config.hash) {
    throw ConfigError.of(config.file, '(changed since the checkpoint)', 'the config the checkpoint was written for; config.json was edited');
  }
}
