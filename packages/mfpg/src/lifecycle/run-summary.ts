import { join } from 'node:path';
import { backendSummary, type GridOptimum, gridOptimum, ParticleBackend } from '@mfpg/core';
import type { MonitorRow, ProgressUpdate, SinkReport, StopDecision } from '@mfpg/monitor';
import packageJson from '../../package.json';
import { OutputError } from '../output/output-error';
import { writeJson } from '../output/write-json';
import { rememberCrashDirectory } from './crash-directory';
import type { FlowsOutcome } from './run-flows';

/**
 * How a run ended: all steps taken; `stopped` early by a `monitor.stop` condition; `interrupted`
 * by the caller's signal; `diverged` (the engine's check or `monitor.stop.divergence`); `failed`
 * because a metric threw.
 */
export type RunStatus = 'completed' | 'stopped' | 'interrupted' | 'diverged' | 'failed';

/** What `mfpg run` reports while it runs (every step, when the `progress` sink is on). */
export type RunProgress = ProgressUpdate;

export interface RunSummary {
  readonly status: RunStatus;
  readonly steps: number;
  readonly totalSteps: number;
  /** The last logged row. */
  readonly final: MonitorRow | null;
  readonly error: string | null;
  /** The stop condition that ended the run early, if one did. */
  readonly stop: StopDecision | null;
  /** Rows each sink wrote and dropped (a sink more than its queue behind loses the oldest waiting rows). */
  readonly sinks: Readonly<Record<string, SinkReport>>;
  /** totalSeconds: the flow with its metrics; closeSeconds: draining and closing the sinks (plots). */
  readonly timings: { readonly totalSeconds: number; readonly secondsPerStep: number; readonly closeSeconds: number };
  readonly versions: { readonly mfpg: string; readonly node: string };
  /** Grid runs: the soft optimum V*(ρ) of the same grid MDP (soft value iteration), the reference F approaches. */
  readonly optimum?: GridOptimum;
}

/** The versions every summary.json records. */
export const runVersions = () => ({ mfpg: packageJson.version, node: process.version });

/** summary.json of flow `k` of a finished {@link runFlows} (a single run's, or replica k's folder). */
export function flowSummary(outcome: FlowsOutcome, k: number): RunSummary {
  const { session, mdp, part } = outcome.monitors[k];
  const { engine, container } = part.flow;
  return {
    status: outcome.status,
    steps: engine.step,
    totalSteps: engine.totalSteps,
    final: session.last,
    error: outcome.error,
    stop: session.stopped,
    sinks: outcome.sinks[k] ?? {},
    timings: outcome.timings,
    versions: runVersions(),
    ...backendSummary(container.get(ParticleBackend)),
    // The optimum of the final τ, the one the final F was evaluated with (τ(t) under schedules.tau).
    ...(mdp ? { optimum: gridOptimum(mdp, engine.tau) } : {}),
  };
}

/**
 * Writes each summary.json (`[directory, summary]`, in order); a failed write (a full disk) is
 * kept as the run's crash. Then throws the crash, if any, as an OutputError naming `directory`, with
 * `directory` remembered as where it stopped (crashDirectoryOf).
 */
export function writeSummaries(summaries: readonly (readonly [string, unknown])[], crash: unknown, directory: string): void {
  let failed = crash;
  for (const [folder, summary] of summaries) {
    try {
      writeJson(join(folder, 'summary.json'), summary);
    } catch (error) {
      failed ??= error;
    }
  }
  if (failed === undefined) return;
  const thrown = OutputError.of(failed, directory);
  rememberCrashDirectory(thrown, directory);
  throw thrown;
}
