import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@mfpg/core';
import type { ContainerModule } from 'inversify';
import packageJson from '../../package.json';
import { CHECKPOINT_FILE, type Checkpoint, readCheckpoint } from '../checkpoints';
import { runExperiment } from '../run-experiment';
import type { RunJob, RunJobResult, SharedCheckpoint } from './queue-job';
import { readRunFolder } from './run-folder-files';

/** What a run job needs from the BullMQ job running it. */
export interface RunJobHandle {
  readonly data: RunJob;
  /** Stores a newer checkpoint in the job's data (Job.updateData). */
  shareCheckpoint(checkpoint: SharedCheckpoint): Promise<void>;
}

/** Thrown when the worker is stopping: the run checkpointed and the job goes back to the queue. */
export class RunJobInterrupted extends Error {}

/** How often a running job looks for a new checkpoint to share. */
const SHARE_POLL_MS = 100;

/** The checkpoint in `directory` with the files `mfpg resume` needs, or null if it has none. */
function sharedCheckpointOf(directory: string): SharedCheckpoint | null {
  if (!existsSync(join(directory, CHECKPOINT_FILE)) || !existsSync(join(directory, 'config.json'))) return null;
  const checkpoint = readFileSync(join(directory, CHECKPOINT_FILE), 'utf8');
  const config = readFileSync(join(directory, 'config.json'), 'utf8');
  const { step, metricsBytes } = JSON.parse(checkpoint) as Checkpoint;
  const metrics = readFileSync(join(directory, 'metrics.jsonl')).subarray(0, metricsBytes).toString('utf8');
  return { step, config, checkpoint, metrics };
}

/**
 * Runs one configuration of a queued sweep in this process, in a temporary folder, exactly as
 * `mfpg run` (or, after a lost worker, `mfpg resume` from the checkpoint shared in the job's data)
 * would, so its metrics.jsonl is byte-identical to a local run (CPU backend). Every new checkpoint
 * is shared through the job while it runs. Returns the run folder's files; a bad config throws the
 * ConfigError (the caller fails the job without retrying); a run that throws is `failed` with the
 * error in its log.
 */
export async function runRunJob(job: RunJobHandle, modules: readonly ContainerModule[], signal: AbortSignal): Promise<RunJobResult> {
  const { data } = job;
  const folder = mkdtempSync(join(tmpdir(), 'mfpg-job-'));
  const directory = join(folder, 'run');
  const log: string[] = [`mfpg worker ${hostname()} (pid ${process.pid}): ${data.id}`];
  let shared = data.checkpoint?.step ?? -1;
  let seen = '';
  let sharing = Promise.resolve();
  const share = () => {
    // One upload at a time; a failed one (Redis away) does not stop the next.
    sharing = sharing
      .catch(() => undefined)
      .then(async () => {
        // The files are read only when the checkpoint was rewritten (the metrics can be large); each
        // checkpoint is a new file renamed into place, so its inode tells it apart.
        const path = join(directory, CHECKPOINT_FILE);
        const stamp = existsSync(path) ? `${statSync(path).ino}:${statSync(path).mtimeMs}` : '';
        if (stamp === seen) return;
        seen = stamp;
        const next = sharedCheckpointOf(directory);
        if (next && next.step > shared) {
          shared = next.step;
          await job.shareCheckpoint(next);
        }
      });
    return sharing;
  };
  const timer = data.checkpointEvery ? setInterval(() => void share().catch(() => undefined), SHARE_POLL_MS) : undefined;
  try {
    let input: unknown = data.input;
    let resume: Checkpoint | undefined;
    if (data.checkpoint) {
      mkdirSync(directory);
      writeFileSync(join(directory, 'config.json'), data.checkpoint.config);
      writeFileSync(join(directory, 'metrics.jsonl'), data.checkpoint.metrics);
      writeFileSync(join(directory, CHECKPOINT_FILE), data.checkpoint.checkpoint);
      try {
        input = JSON.parse(data.checkpoint.config) as unknown;
        resume = readCheckpoint(directory, input, packageJson.version);
        log.push(`resumed at step ${resume.step} from the checkpoint shared by an earlier attempt`);
      } catch (error) {
        // An unusable shared checkpoint costs only time: start again from the beginning.
        log.push(`the shared checkpoint cannot be used (${(error as Error).message.split('\n')[0]}); starting over`);
        rmSync(directory, { recursive: true, force: true });
        input = data.input;
        resume = undefined;
      }
    }
    let status: string;
    try {
      const { summary } = await runExperiment(input, {
        ...(resume ? { resume, out: directory } : { overrides: data.overrides, out: directory }),
        modules,
        signal,
        checkpointEvery: data.checkpointEvery,
      });
      status = summary.status;
      log.push(`${status} ${summary.steps}/${summary.totalSteps} steps in ${summary.timings.totalSeconds.toFixed(2)} s`);
      if (summary.error) log.push(`mfpg: ${summary.error}`);
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      status = 'failed';
      log.push(`mfpg: ${(error as Error).message}`);
    }
    if (timer) clearInterval(timer);
    if (status === 'interrupted') {
      await share();
      throw new RunJobInterrupted(`the worker stopped at step ${shared}; the job goes back to the queue`);
    }
    const skip = new Set([CHECKPOINT_FILE, ...(data.particles ? [] : ['particles.json'])]);
    return { status, files: existsSync(directory) ? readRunFolder(directory, skip) : {}, log: `${log.join('\n')}\n` };
  } finally {
    if (timer) clearInterval(timer);
    await sharing.catch(() => undefined);
    rmSync(folder, { recursive: true, force: true });
  }
}
