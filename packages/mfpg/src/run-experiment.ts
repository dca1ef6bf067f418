import { join, resolve } from 'node:path';
import { ConfigError, type DivergenceError, type RunConfig } from '@mfpg/core';
import type { MetricFailure, MonitorRow } from '@mfpg/monitor';
import { CHECKPOINT_FILE, type Checkpoint, checkpointPolicy, requireMetricsFile, restoreFromCheckpoint, writeCheckpoint } from './checkpoints';
import { type CreateFlowOptions, createFlow } from './create-flow';
import { resolveFlowMonitor } from './lifecycle/flow-monitor';
import { runFlows } from './lifecycle/run-flows';
import { flowSummary, type RunProgress, type RunSummary, writeSummaries } from './lifecycle/run-summary';
import { claimRunDirectory, prepareRunDirectory } from './output/run-directory';
import { ReplicaRunner } from './replicas/replica-runner';

export type { RunProgress, RunStatus, RunSummary } from './lifecycle/run-summary';

export interface RunExperimentOptions extends CreateFlowOptions {
  /** Output folder; default a fresh runs/<timestamp>-<env>. */
  readonly out?: string;
  /** Called at every step with the current state (for progress bars), when the `progress` sink is on. */
  readonly onProgress?: (progress: RunProgress) => void;
  /** Called with each logged row. */
  readonly onMetrics?: (row: MonitorRow) => void;
  /** Stops the run between steps; the files are completed and the status is `interrupted`. */
  readonly signal?: AbortSignal;
  /** Slots of each sink's queue (rows waiting for a slow sink). */
  readonly sinkQueueCapacity?: number;
  /** Write a checkpoint every this many steps and when interrupted (`--checkpoint-every`). */
  readonly checkpointEvery?: number;
  /**
   * Continue the run in `out` from this checkpoint (read and checked by `readCheckpoint`):
   * metrics.jsonl is cut back to the checkpoint's length and appended to, and the metrics with
   * memory continue from their saved state.
   */
  readonly resume?: Checkpoint;
}

export interface RunResult {
  readonly directory: string;
  readonly config: RunConfig;
  readonly summary: RunSummary;
  readonly error?: DivergenceError;
  /** The metric that threw (status `failed`). */
  readonly failure?: MetricFailure;
}

/**
 * Runs one flow and writes the output contract of docs/architecture.md to a folder: config.json (fully
 * resolved), the sinks' files (metrics.jsonl: one row per logged step; metrics.csv, plots, … as
 * `monitor.sinks` says), summary.json, particles.json. Bad input — the config, the `monitor`
 * section's metric and sink names and options, the output folder, `replicas.count` > 1 (replicas
 * are runReplicaExperiment's) — throws ConfigError before any file is written. A divergence
 * (status `diverged`) or a failing metric (status `failed`) is reported in the result with every
 * row logged before it kept on disk. The run is the one lifecycle of `runFlows` with K = 1.
 */
export async function runExperiment(input: unknown = {}, options: RunExperimentOptions = {}): Promise<RunResult> {
  const flow = createFlow(input, options);
  const { config, engine } = flow;
  if (config.replicas.count > 1) {
    throw ConfigError.of('replicas.count', config.replicas.count, '1 here: runExperiment runs one flow; runReplicaExperiment (what `mfpg run` calls for count > 1) runs replicas');
  }
  // On resume the metrics with memory start from their state saved in the checkpoint.
  const restored = options.resume && { memory: options.resume.metricMemory, checkpoint: `${options.out ?? ''}/checkpoint.json` };
  const monitor = resolveFlowMonitor(flow, restored);
  const checkpoints = checkpointPolicy(options.checkpointEvery);
  if (checkpoints || options.resume) requireMetricsFile(monitor, config.monitor.sinks.jsonl);
  if (options.resume) {
    if (!options.out) throw ConfigError.of('--out', options.out, 'the folder of the run to resume');
    restoreFromCheckpoint(engine, options.resume, join(resolve(options.out), CHECKPOINT_FILE));
  }
  const runner = new ReplicaRunner([engine]);
  const directory = options.resume ? resolve(options.out as string) : prepareRunDirectory(options.out, config.env.name);
  if (!options.resume) claimRunDirectory(directory, config, options.out);

  const outcome = await runFlows(
    runner,
    [{ flow, directory, monitor, context: { onProgress: options.onProgress, resume: options.resume ? { metricsBytes: options.resume.metricsBytes, step: options.resume.step } : undefined }, onRow: options.onMetrics }],
    {
      signal: options.signal,
      queueCapacity: options.sinkQueueCapacity,
      checkpoints: checkpoints && { policy: checkpoints, write: ([own]) => writeCheckpoint(directory, own) },
    },
  );
  const summary = flowSummary(outcome, 0);
  writeSummaries([[directory, summary]], outcome.crash, directory);
  return { directory, config, summary, error: outcome.divergence, failure: outcome.failure };
}
