import { join } from 'node:path';
import { DivergenceError } from '@mfpg/core';
import { MetricFailure, MonitorSession, type MonitorRow, type ReplicaStep, type ResolvedMonitor, type SinkContext, type SinkReport, type StopDecision } from '@mfpg/monitor';
import type { OperatorFunction, Subscription } from 'rxjs';
import { type Checkpoint, type CheckpointPolicy, flowCheckpoint } from '../checkpoints';
import { OutputError } from '../output/output-error';
import { writeParticles } from '../output/write-particles';
import type { ReplicaRunner } from '../replicas/replica-runner';
import { FlowMonitor, type FlowPart } from './flow-monitor';
import type { RunStatus } from './run-summary';

/** Rows about the flows together (the distances between replicas), with the sinks and stop conditions they go to. */
export interface TogetherRows {
  readonly monitor: ResolvedMonitor;
  readonly context: SinkContext;
  readonly rows: OperatorFunction<ReplicaStep, MonitorRow>;
  /** Who a failure of `rows` is blamed on, like a metric's name. */
  readonly source: string;
}

/** Options of {@link runFlows}. */
export interface RunFlowsOptions {
  /** Stops every flow between steps; the files are completed and the status is `interrupted`. */
  readonly signal?: AbortSignal;
  /** Slots of each sink's queue. */
  readonly queueCapacity?: number;
  readonly together?: TogetherRows;
  /** A live display over all flows (a replica run's); a single run's is its progress sink. */
  readonly display?: (runner: ReplicaRunner, monitors: readonly FlowMonitor[], together: MonitorSession | undefined) => Subscription | undefined;
  /** When to checkpoint (`--checkpoint-every`), and how to write the flows' checkpoints (in order) when it is due. */
  readonly checkpoints?: { readonly policy: CheckpointPolicy; readonly write: (checkpoints: readonly Checkpoint[]) => void };
}

/** How the flows ended, for the summaries. */
export interface FlowsOutcome {
  readonly status: RunStatus;
  /** What ended the run abnormally (a plugin's exception, a full disk), or undefined: thrown by the caller once the summaries are written. */
  readonly crash: unknown;
  readonly divergence: DivergenceError | undefined;
  readonly failure: MetricFailure | undefined;
  /** The stop condition that fired: on flow `replica`'s rows, or on the rows about them together (null). */
  readonly stop: (StopDecision & { readonly replica: number | null }) | null;
  /** The message of crash, divergence or failure, in that order, or null. */
  readonly error: string | null;
  readonly monitors: readonly FlowMonitor[];
  /** The sink reports of each flow, then of the rows together. */
  readonly sinks: readonly Readonly<Record<string, SinkReport>>[];
  readonly together: { readonly last: MonitorRow | null; readonly sinks: Readonly<Record<string, SinkReport>> } | null;
  readonly steps: number;
  readonly timings: { readonly totalSeconds: number; readonly secondsPerStep: number; readonly closeSeconds: number };
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The one run lifecycle: K ≥ 1 flows (a single run is K = 1) stepped in lockstep by `runner`,
 * each watched by a {@link FlowMonitor} in its folder. A caller's abort, a stop condition, a failing
 * metric or a divergence of any flow ends all of them at the same step. Between steps, when
 * `checkpoints` says one is due, each flow's state is checkpointed. Status, in this order: an
 * unexpected error (`failed`), a divergence, a failing metric, a stop condition, the caller's
 * interruption, completion. Every sink is then drained and closed, and each flow's particles are
 * written (unless it diverged or crashed). The caller writes the summaries, then throws `crash`.
 */
export async function runFlows(runner: ReplicaRunner, parts: readonly FlowPart[], options: RunFlowsOptions = {}): Promise<FlowsOutcome> {
  const controller = new AbortController();
  const requestStop = () => controller.abort();
  options.signal?.addEventListener('abort', requestStop, { once: true });
  if (options.signal?.aborted) controller.abort();
  const monitors = parts.map((part) => new FlowMonitor(part, requestStop, options.queueCapacity));
  const { together: rows } = options;
  const together = rows && new MonitorSession(rows.monitor, rows.context, { requestStop, queueCapacity: options.queueCapacity });
  if (rows && together) together.attachRows(runner.steps$.pipe(rows.rows), rows.source);
  const display = options.display?.(runner, monitors, together);
  const { checkpoints } = options;
  const afterStep =
    checkpoints &&
    (() => {
      if (!checkpoints.policy.due(runner.engines[0].step, options.signal)) return;
      checkpoints.write(monitors.map(({ part, session }) => flowCheckpoint(part.flow.engine, part.flow.config, part.directory, checkpoints.policy.every, session.metricMemory())));
    });

  const started = performance.now();
  let engineDivergence: DivergenceError | undefined;
  let crash: unknown;
  try {
    await runner.run({ signal: controller.signal, afterStep });
  } catch (error) {
    if (error instanceof DivergenceError) engineDivergence = error;
    else crash = error;
  } finally {
    options.signal?.removeEventListener('abort', requestStop);
    for (const monitor of monitors) monitor.detach();
    display?.unsubscribe();
  }
  const totalSeconds = (performance.now() - started) / 1000;
  const sessions = [...monitors.map((monitor) => monitor.session), ...(together ? [together] : [])];
  const divergence = engineDivergence ?? sessions.find((session) => session.divergence)?.divergence ?? undefined;
  const failure = sessions.find((session) => session.failure)?.failure ?? undefined;
  const stoppedBy = sessions.findIndex((session) => session.stopped);
  const stop = stoppedBy < 0 ? null : { ...(sessions[stoppedBy].stopped as StopDecision), replica: stoppedBy < monitors.length ? stoppedBy : null };
  const status: RunStatus = crash !== undefined ? 'failed' : divergence ? 'diverged' : failure ? 'failed' : stop ? 'stopped' : options.signal?.aborted ? 'interrupted' : 'completed';

  const closing = performance.now();
  const sinks: Readonly<Record<string, SinkReport>>[] = [];
  const directories = [...parts.map((part) => part.directory), ...(rows ? [rows.context.directory] : [])];
  for (const [k, session] of sessions.entries()) {
    try {
      const reports = await session.finish(status);
      sinks.push(reports);
      // metrics.jsonl is the run's record (and what checkpoints measure): a failed write there (a full disk) fails the run.
      const record = reports.jsonl?.error;
      if (record && crash === undefined) crash = new OutputError(join(directories[k], 'metrics.jsonl'), 'EIO', `cannot write the output: metrics.jsonl: ${record}`);
    } catch (error) {
      sinks.push({});
      crash ??= error;
    }
  }
  if (status !== 'diverged' && crash === undefined) {
    try {
      for (const part of parts) writeParticles(part.directory, part.flow.engine);
    } catch (error) {
      crash = error;
    }
  }
  const closeSeconds = (performance.now() - closing) / 1000;
  const steps = runner.engines[0].step;
  return {
    status: crash !== undefined ? 'failed' : status,
    crash,
    divergence,
    failure,
    stop,
    error: crash !== undefined ? messageOf(crash) : (divergence?.message ?? failure?.message ?? null),
    monitors,
    sinks: sinks.slice(0, monitors.length),
    together: together ? { last: together.last, sinks: sinks[monitors.length] ?? {} } : null,
    steps,
    timings: { totalSeconds, secondsPerStep: steps > 0 ? totalSeconds / steps : 0, closeSeconds },
  };
}
