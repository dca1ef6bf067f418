import { ConfigError, createContainer, resolveConfig } from '@mfpg/core';
import type { Job } from 'bullmq';
import type { ContainerModule } from 'inversify';
import packageJson from '../../package.json';
import { defaultModules } from '../default-modules';
import { simulate } from '../experiments/simulate';
import { connectionOptions } from './queue-connection';
import { queueJobSchema, type RunJob } from './queue-job';
import type { RedisLocation } from './redis-url';
import { RunJobInterrupted, runRunJob } from './run-job';
import { encodeTrajectory } from './trajectory-transport';

export interface QueueWorkerOptions {
  /** A location checked by connectRedis. */
  readonly location: RedisLocation;
  readonly queueName: string;
  /** Plugins the jobs' configs may use (`--plugin`, as for `mfpg run`). */
  readonly modules?: readonly ContainerModule[];
  /**
   * How long a job's lock lasts without renewal (ms, default 30 000): a worker that dies is noticed
   * about this long after, by the stalled-job check of the other workers.
   */
  readonly lockDurationMs?: number;
  /** Milliseconds between this worker's checks for stalled jobs (default 30 000). */
  readonly stalledIntervalMs?: number;
  /** Stops the worker: the running job checkpoints and goes back to the queue. */
  readonly signal: AbortSignal;
  /** One line per event (job started, finished, failed, refused). */
  readonly log: (line: string) => void;
  /** Called once the worker is connected and taking jobs. */
  readonly onReady?: () => void;
}

/** How long a flow may hold the event loop: well under the lock renewal period. */
const YIELD_EVERY_MS = 50;
/** A job stalled (its worker lost) this many times is failed rather than retried again. */
const MAX_STALLED = 3;

/** The error message of a payload refused before any work (the job fails, the worker goes on). */
function refusal(job: Job): string | null {
  const version = (job.data as { mfpg?: unknown } | null)?.mfpg;
  if (typeof version === 'string' && version !== packageJson.version) {
    return `job ${job.id} was enqueued by mfpg ${version}, and this worker is mfpg ${packageJson.version}: run it with a worker of mfpg ${version}, or give this sweep another --queue-name`;
  }
  const parsed = queueJobSchema.safeParse(job.data);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`).join('; ');
    return `job ${job.id} has a bad payload (${issues})`;
  }
  return null;
}

/** The config a job's input and overrides give, checked as `mfpg run` checks it (ConfigError if bad). */
function checkConfig(input: unknown, overrides: readonly string[], modules: readonly ContainerModule[]): void {
  createContainer(resolveConfig(input, overrides), [...defaultModules, ...modules]);
}

/**
 * Pulls jobs from the queue and runs them in this process, one at a time, until `signal` stops it.
 * A job from another mfpg version or with a payload that fails the schema of `mfpg run` fails (no
 * retry) with the reason and the worker carries on. A worker killed mid-job loses its lock; another
 * worker's stalled-job check puts the job back in the queue, and it continues from the checkpoint
 * shared in its data.
 */
export async function runQueueWorker(options: QueueWorkerOptions): Promise<void> {
  const { Worker, UnrecoverableError, WaitingError } = await import('bullmq');
  const modules = options.modules ?? [];
  const processor = async (job: Job, token?: string): Promise<unknown> => {
    const refused = refusal(job);
    if (refused) {
      options.log(`refused: ${refused}`);
      throw new UnrecoverableError(refused);
    }
    const data = queueJobSchema.parse(job.data);
    if (data.kind === 'noop') return null;
    try {
      checkConfig(data.input, data.overrides, modules);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      const message = `job ${job.id} has a bad config: ${error.message.replace(/\n/g, '; ')}`;
      options.log(`refused: ${message}`);
      throw new UnrecoverableError(message);
    }
    if (data.kind === 'simulate') return encodeTrajectory(await simulate(data.input, data.overrides, data.every, YIELD_EVERY_MS));
    options.log(`${job.id}: ${data.checkpoint ? `continuing from step ${data.checkpoint.step}` : 'started'}`);
    try {
      return await runRunJob({ data, shareCheckpoint: (checkpoint) => job.updateData({ ...data, checkpoint } satisfies RunJob) }, modules, options.signal);
    } catch (error) {
      if (error instanceof ConfigError) {
        // What the schema alone lets through but `mfpg run` refuses (e.g. replicas.count > 1): no retry either.
        const message = `job ${job.id} has a bad config: ${error.message.replace(/\n/g, '; ')}`;
        options.log(`refused: ${message}`);
        throw new UnrecoverableError(message);
      }
      if (!(error instanceof RunJobInterrupted)) throw error;
      options.log(`${job.id}: ${error.message}`);
      await job.moveToWait(token);
      throw new WaitingError();
    }
  };
  const worker = new Worker(options.queueName, processor, {
    connection: connectionOptions(options.location),
    concurrency: 1,
    autorun: false,
    lockDuration: options.lockDurationMs ?? 30_000,
    stalledInterval: options.stalledIntervalMs ?? 30_000,
    maxStalledCount: MAX_STALLED,
  });
  worker.on('completed', (job) => options.log(`${job.id}: done (${(job.returnvalue as { status?: string } | null)?.status ?? 'ok'})`));
  worker.on('failed', (job, error) => options.log(`${job?.id ?? 'a job'}: failed: ${error.message}`));
  worker.on('error', (error) => options.log(`queue error: ${error.message}`));
  const stopped = new Promise<void>((resolve) => {
    if (options.signal.aborted) resolve();
    options.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  const running = worker.run();
  await worker.waitUntilReady();
  options.onReady?.();
  await stopped;
  await worker.close();
  await running;
}
