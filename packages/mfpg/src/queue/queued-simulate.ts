import type { Job, Queue } from 'bullmq';
import packageJson from '../../package.json';
import type { Simulate } from '../experiments/simulate';
import { jobIdOf, type SimulateJob } from './queue-job';
import type { QueueProgress } from './queued-sweep';
import { decodeTrajectory, type TrajectoryTransport } from './trajectory-transport';

export interface QueuedSimulateOptions {
  readonly queue: Queue;
  /** Stops waiting (the jobs stay in the queue; a rerun collects them). */
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: QueueProgress) => void;
  readonly pollMs?: number;
}

/** A study's flows on the queue: how long a finished flow's result stays there for a rerun of the study. */
const KEEP_SECONDS = 7 * 24 * 3600;

/**
 * The `simulate` of the studies as jobs on a queue (`mfpg experiment … --queue`). Each flow is a job
 * whose id is the hash of its version, config, overrides and sampling, so a study started again
 * gets the flows that finished from the queue (kept a week) instead of running them again.
 * Concurrent calls become concurrent jobs, run by as many workers as there are.
 */
export function queuedSimulate(options: QueuedSimulateOptions): Simulate {
  const { queue } = options;
  let total = 0;
  let done = 0;
  let running = 0;
  let retried = 0;
  const report = () => options.onProgress?.({ total, done, running, waiting: total - done - running, failed: 0, retried, problem: null });
  return async (input, overrides, every) => {
    const data: SimulateJob = { kind: 'simulate', mfpg: packageJson.version, input: input ?? {}, overrides: [...overrides], every };
    const jobId = jobIdOf('simulate', data);
    const existing = await queue.getJob(jobId);
    if (existing && (await existing.getState()) === 'failed') await existing.remove();
    await queue.add('simulate', data, { jobId, attempts: 3, backoff: { type: 'fixed', delay: 1000 }, removeOnComplete: { age: KEEP_SECONDS } });
    total++;
    report();
    let active = false;
    let counted = false;
    let previous = '';
    try {
      for (;;) {
        if (options.signal?.aborted) throw new Error('interrupted: the study stopped waiting for its flows (they stay in the queue; run it again to collect them)');
        const state = await queue.getJobState(jobId);
        if (state === 'unknown') throw new Error(`job ${jobId} disappeared from the queue`);
        // The job itself (its data, its result) is fetched only when its state changes.
        const job = state === previous ? undefined : ((await queue.getJob(jobId)) as Job | undefined);
        previous = state;
        if (job && !counted && (job.attemptsStarted > 1 || job.stalledCounter > 0)) {
          counted = true;
          retried++;
        }
        if (job && state === 'completed') return decodeTrajectory(job.returnvalue as TrajectoryTransport);
        if (job && state === 'failed') throw new Error(`a flow of the study failed on the queue (${overrides.join(' ')}): ${job.failedReason}`);
        if ((state === 'active') !== active) {
          active = state === 'active';
          running += active ? 1 : -1;
          report();
        }
        await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 250));
      }
    } finally {
      if (active) running--;
      done++;
      report();
    }
  };
}
