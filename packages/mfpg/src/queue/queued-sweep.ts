import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '@mfpg/core';
import type { Job, Queue } from 'bullmq';
import packageJson from '../../package.json';
import { checkSweep, claimSweepFolder, finished, readSummary, resultOf, type SweepOptions, type SweepOutcome } from '../sweeps/run-sweep';
import type { SweepResult } from '../sweeps/results-table';
import { SweepResults } from '../sweeps/sweep-results';
import { connectRedis, DEFAULT_QUEUE_NAME, openQueue } from './queue-connection';
import { jobIdOf, type RunJob, type RunJobResult } from './queue-job';
import { writeRunFolder } from './run-folder-files';

/** Where a queued sweep stands, for its live progress line. */
export interface QueueProgress {
  readonly total: number;
  /** Configurations finished (results written), whatever their status. */
  readonly done: number;
  readonly running: number;
  readonly waiting: number;
  /** Configurations recorded `failed`: the run threw, or its job failed for good (bad payload, lost worker too often, wrong version). */
  readonly failed: number;
  /** Configurations whose job was started more than once (a lost worker, a stopped worker, an error). */
  readonly retried: number;
  /** Set while Redis does not answer; the sweep keeps trying. */
  readonly problem: string | null;
}

export interface QueuedSweepOptions extends Omit<SweepOptions, 'workers' | 'workerCommand'> {
  /** `redis[s]://[user:password@]host[:port][/db]`. */
  readonly queue: string;
  /** BullMQ queue name (default `mfpg`); the workers must use the same. */
  readonly queueName?: string;
  /** Ask the workers for particles.json too (a local sweep always writes it). */
  readonly particles?: boolean;
  /** Milliseconds between two looks at the jobs (default 250). */
  readonly pollMs?: number;
  readonly onProgress?: (progress: QueueProgress) => void;
}

/** Attempts of a job that fails with an error (a lost worker is counted separately, by BullMQ's stalled check). */
const ATTEMPTS = 3;
/** How long the results of a sweep nobody collects stay in Redis (the coordinator removes the ones it writes). */
const KEEP_SECONDS = 7 * 24 * 3600;

const lastLine = (text: string) => text.trim().split('\n').filter(Boolean).at(-1) ?? null;

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolveSleep) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolveSleep();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Runs a sweep on a BullMQ queue: every configuration not already finished in the sweep folder
 * becomes a job with a deterministic id (the sweep's hash and the configuration's id), so a
 * restarted coordinator finds its jobs again instead of adding new ones, and `mfpg worker`s on any
 * machine run them. The results come back in the jobs' return values and are written in the layout
 * of a local sweep (runs/<id>/, logs/<id>.log, results.csv, plots/). A configuration that diverges
 * or fails is recorded and the sweep goes on. Stopped by `signal` (Ctrl-C), it leaves the jobs in
 * the queue: the same command collects them later. Bad input — the grid, the configs, the folder,
 * an unreachable Redis — is a ConfigError before anything is enqueued.
 */
export async function runQueuedSweep(options: QueuedSweepOptions): Promise<SweepOutcome> {
  const { fixed, points, configs } = checkSweep(options);
  const replicated = configs.findIndex((config) => config.replicas.count > 1);
  if (replicated >= 0) {
    throw ConfigError.of(`--queue (configuration ${points[replicated].id}: replicas.count)`, configs[replicated].replicas.count, '1: a queued sweep runs one flow per job (run replica sweeps without --queue)');
  }
  const location = await connectRedis(options.queue);
  const { directory, description } = claimSweepFolder(options, fixed);
  const checkpointEvery = options.checkpointEvery ?? 50;
  const particles = options.particles ?? false;
  const sweepKey = jobIdOf('sweep', description, checkpointEvery, particles);

  const results = new SweepResults(directory, options.axes, points.length, options.onResult);
  const record = (index: number, result: SweepResult) => results.record(index, result);

  const queue: Queue = await openQueue(location, options.queueName ?? DEFAULT_QUEUE_NAME);
  const pending = new Map<number, string>();
  const retried = new Set<number>();
  const enqueue = async (index: number, jobId: string) => {
    const point = points[index];
    const data: RunJob = { kind: 'run', mfpg: packageJson.version, id: point.id, input: options.input ?? {}, overrides: [...point.overrides], checkpointEvery, particles };
    // Adding an id that is already in the queue is a no-op: a restarted coordinator re-adds safely.
    await queue.add('run', data, { jobId, attempts: ATTEMPTS, backoff: { type: 'fixed', delay: 1000 }, removeOnComplete: { age: KEEP_SECONDS }, removeOnFail: { age: KEEP_SECONDS } });
  };
  const collect = async (index: number, job: Job, state: string) => {
    const point = points[index];
    const runDirectory = join(directory, 'runs', point.id);
    if (state === 'completed') {
      const result = job.returnvalue as RunJobResult;
      writeRunFolder(runDirectory, result.files);
      writeFileSync(join(directory, 'logs', `${point.id}.log`), result.log);
      record(index, resultOf(point, runDirectory, lastLine(result.log)));
    } else {
      writeFileSync(join(directory, 'logs', `${point.id}.log`), `${job.failedReason}\n${(job.stacktrace ?? []).join('\n')}\n`);
      record(index, { ...resultOf(point, runDirectory, job.failedReason), status: 'failed', error: job.failedReason });
    }
    pending.delete(index);
    // The folder is the record now; the queue keeps nothing that a rerun would mistake for work to collect.
    await job.remove();
  };

  try {
    for (const [index, point] of points.entries()) {
      const runDirectory = join(directory, 'runs', point.id);
      const jobId = `${sweepKey}-${point.id}`;
      const existing = await queue.getJob(jobId);
      if (finished(readSummary(runDirectory))) {
        // Written by an earlier coordinator that stopped before removing the job.
        await existing?.remove();
        record(index, resultOf(point, runDirectory, null));
        continue;
      }
      // A job that failed for good in an earlier attempt of the sweep is run again, as a local sweep reruns its failed runs.
      if (existing && (await existing.getState()) === 'failed') await existing.remove();
      await enqueue(index, jobId);
      pending.set(index, jobId);
    }
    // Each look asks only for the states (the jobs' data hold checkpoints: fetched only when needed).
    const lastState = new Map<number, string>();
    const noteRetry = (index: number, job: Job) => {
      if (job.attemptsStarted > 1 || job.stalledCounter > 0) retried.add(index);
    };
    while (pending.size > 0 && !options.signal?.aborted) {
      let problem: string | null = null;
      try {
        const entries = [...pending];
        const states = await Promise.all(entries.map(([, jobId]) => queue.getJobState(jobId)));
        for (const [k, [index, jobId]] of entries.entries()) {
          const state = states[k];
          const previous = lastState.get(index);
          lastState.set(index, state);
          if (state === 'unknown') {
            // Removed behind our back (e.g. the queue was obliterated): enqueue it again.
            await enqueue(index, jobId);
            continue;
          }
          if (state === previous && state !== 'completed' && state !== 'failed') continue;
          const job = (await queue.getJob(jobId)) as Job | undefined;
          if (!job) continue;
          noteRetry(index, job);
          if (state === 'completed' || state === 'failed') await collect(index, job, state);
        }
      } catch (error) {
        problem = `Redis at ${location.display}: ${(error as Error).message}`;
      }
      const now = [...pending.keys()].map((index) => lastState.get(index));
      const running = now.filter((state) => state === 'active').length;
      options.onProgress?.({ total: points.length, done: results.done, running, waiting: pending.size - running, failed: results.failed, retried: retried.size, problem });
      if (pending.size > 0) await sleep(options.pollMs ?? 250, options.signal);
    }
  } finally {
    await queue.close();
  }
  return { directory, results: await results.finish() };
}
