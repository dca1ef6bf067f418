import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { RunFolderFiles } from './run-folder-files';

/**
 * A checkpoint of a run shared through the queue (the job's data), so that a job whose worker died
 * continues from it on another worker: the three files `mfpg resume` needs, as text.
 */
export const sharedCheckpointSchema = z
  .object({
    /** Step the checkpoint continues from. */
    step: z.number().int().min(0),
    /** config.json of the run (the resolved config). */
    config: z.string(),
    /** checkpoint.json. */
    checkpoint: z.string(),
    /** metrics.jsonl up to the checkpoint (its `metricsBytes` bytes). */
    metrics: z.string(),
  })
  .strict();
export type SharedCheckpoint = z.infer<typeof sharedCheckpointSchema>;

/** One configuration of a sweep: `mfpg run` of `input` with `overrides` (`--set`). */
export const runJobSchema = z
  .object({
    kind: z.literal('run'),
    /** The mfpg version of the coordinator: a worker of another version refuses the job. */
    mfpg: z.string(),
    /** The configuration's id in its sweep (runs/<id>/). */
    id: z.string().min(1),
    /** The base config (what a config file holds) and the `--set` overrides, exactly as `mfpg run` takes them. */
    input: z.unknown(),
    overrides: z.array(z.string()),
    /** `--checkpoint-every K`: the run's checkpoints, shared through the job's data. */
    checkpointEvery: z.number().int().min(1).optional(),
    /** Send particles.json back too. */
    particles: z.boolean(),
    checkpoint: sharedCheckpointSchema.optional(),
  })
  .strict();
export type RunJob = z.infer<typeof runJobSchema>;

/** One flow of a study (`mfpg experiment`): `simulate(input, overrides, every)`. */
export const simulateJobSchema = z
  .object({
    kind: z.literal('simulate'),
    mfpg: z.string(),
    input: z.unknown(),
    overrides: z.array(z.string()),
    every: z.number().int().min(1),
  })
  .strict();
export type SimulateJob = z.infer<typeof simulateJobSchema>;

/** A job that does nothing: what the benchmark measures the queue's own cost per job with. */
export const noopJobSchema = z.object({ kind: z.literal('noop'), mfpg: z.string() }).strict();
export type NoopJob = z.infer<typeof noopJobSchema>;

export const queueJobSchema = z.discriminatedUnion('kind', [runJobSchema, simulateJobSchema, noopJobSchema]);
export type QueueJob = z.infer<typeof queueJobSchema>;

/** What a run job sends back: the run folder as `mfpg run` writes it. */
export interface RunJobResult {
  /** summary.json `status`, or `failed` when the run threw before writing one. */
  readonly status: string;
  /**
   * Every file of the run folder (config.json, metrics.jsonl, summary.json, the plots, …) but the
   * checkpoint, and particles.json only when the job asked for it.
   */
  readonly files: RunFolderFiles;
  /** What the worker says about the job (host, resumed step, outcome; the error when it failed). */
  readonly log: string;
}

/** A deterministic BullMQ job id (no colon, which BullMQ reserves): `prefix-` and a hash of `parts`. */
export function jobIdOf(prefix: string, ...parts: readonly unknown[]): string {
  return `${prefix}-${createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 20)}`;
}
