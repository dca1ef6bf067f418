import { join, resolve } from 'node:path';
import { backendSummary, ConfigError, contributions as gatheredContributions, type DiscreteMdp, DivergenceError, Environment, type GridOptimum, gridMdpOf, gridOptimum, MonitorContribution, ParameterPrior, ParticleBackend, type RunConfig, Unit } from '@mfpg/core';
import {
  type MetricFailure,
  MonitorSession,
  type MonitorRow,
  monitorContributions,
  type ProgressUpdate,
  resolveMonitor,
  type SinkReport,
  type StopDecision,
} from '@mfpg/monitor';
import packageJson from '../package.json';
import { type Checkpoint, checkpointPolicy, snapshotOf, verifyCheckpointFits } from './checkpoints';
import { type CreateFlowOptions, createFlow } from './create-flow';
import { OutputError } from './output/output-error';
import { claimRunDirectory, prepareRunDirectory } from './output/run-directory';
import { writeJson } from './output/write-json';
import { writeParticles } from './output/write-particles';

/**
 * How a run ended: all steps taken; `stopped` early by a `monitor.stop` condition; `interrupted`
 * by the caller's signal; `diverged` (the engine's check or `monitor.stop.divergence`); `failed`
 * because a metric threw.
 */
export type RunStatus = 'completed' | 'stopped' | 'interrupted' | 'diverged' | 'failed';

/** What `mfpg run` reports while it runs (every step, when the `progress` sink is on). */
export type RunProgress = ProgressUpdate;

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
 * row logged before it kept on disk.
 */
export async function runExperiment(input: unknown = {}, options: RunExperimentOptions = {}): Promise<RunResult> {
  const { config, container, engine } = createFlow(input, options);
  if (config.replicas.count > 1) {
    throw ConfigError.of('replicas.count', config.replicas.count, '1 here: runExperiment runs one flow; runReplicaExperiment (what `mfpg run` calls for count > 1) runs replicas');
  }
  const contributions = monitorContributions(container);
  // On resume the metrics with memory start from their state saved in the checkpoint.
  const resolveSession = () =>
    resolveMonitor(config, contributions.metrics, contributions.sinks, { config, prior: container.get(ParameterPrior), environment: container.get(Environment), unit: container.get(Unit) }, options.resume?.metricMemory);
  let monitor: ReturnType<typeof resolveMonitor>;
  try {
    monitor = resolveSession();
  } catch (error) {
    // A checkpoint's saved metric state that the metrics cannot take back is a damaged checkpoint.
    if (!options.resume || error instanceof ConfigError) throw error;
    throw ConfigError.of(`${options.out ?? ''}/checkpoint.json: metricMemory`, options.resume.metricMemory, `the saved state of the metrics of this run (${(error as Error).message})`);
  }
  const checkpoints = checkpointPolicy(options.checkpointEvery);
  const jsonl = monitor.sinks.find((sink) => sink.name === 'jsonl');
  if ((checkpoints || options.resume) && (jsonl?.options as { file?: string } | undefined)?.file !== 'metrics.jsonl') {
    throw ConfigError.of('monitor.sinks.jsonl', config.monitor.sinks.jsonl, 'the jsonl sink writing metrics.jsonl: checkpoints record how much of it was written');
  }
  if (options.resume) {
    if (!options.out) throw ConfigError.of('--out', options.out, 'the folder of the run to resume');
    verifyCheckpointFits(options.resume, engine, resolve(options.out));
    try {
      engine.restore(snapshotOf(options.resume));
    } catch (error) {
      throw ConfigError.of(`${resolve(options.out)}/checkpoint.json`, '(its engine state)', `a state this run's engine can continue from (${(error as Error).message})`);
    }
  }
  const directory = options.resume ? resolve(options.out as string) : prepareRunDirectory(options.out, config.env.name);
  if (!options.resume) claimRunDirectory(directory, config, options.out);

  const controller = new AbortController();
  const forwardAbort = () => controller.abort();
  options.signal?.addEventListener('abort', forwardAbort, { once: true });
  if (options.signal?.aborted) controller.abort();
  const session = new MonitorSession(
    monitor,
    { config, directory, totalSteps: engine.totalSteps, onProgress: options.onProgress, resume: options.resume ? { metricsBytes: options.resume.metricsBytes } : undefined },
    { requestStop: () => controller.abort(), onRow: options.onMetrics, queueCapacity: options.sinkQueueCapacity },
  );
  session.attach(engine.steps$);
  // Code-level contributions (the core `MonitorContribution` point) watch the same stream.
  const contributed = gatheredContributions<MonitorContribution>(container, MonitorContribution);
  const attached = contributed.map((contribution) => contribution.attach(engine.steps$));
  // The grid MDP the evaluator built, for the optimum in summary.json (docs/control.md).
  let mdp: DiscreteMdp | undefined;
  // The engine's own error (a divergence) is handled below, by the caller of engine.run().
  attached.push(
    engine.steps$.subscribe({
      next: (event) => void (mdp ??= gridMdpOf(event)),
      error: () => undefined,
    }),
  );

  const started = performance.now();
  let engineDivergence: DivergenceError | undefined;
  // What ended the run abnormally (a plugin's exception, a full disk): recorded in summary.json when there is room, then thrown.
  let crash: unknown;
  try {
    await engine.run({ signal: controller.signal, afterStep: checkpoints?.hook(directory, config, packageJson.version, options.signal, () => session.metricMemory()) });
  } catch (error) {
    if (error instanceof DivergenceError) engineDivergence = error;
    else crash = error;
  } finally {
    options.signal?.removeEventListener('abort', forwardAbort);
    for (const subscription of attached) subscription.unsubscribe();
  }
  const totalSeconds = (performance.now() - started) / 1000;
  const divergence = engineDivergence ?? session.divergence ?? undefined;
  const failure = session.failure ?? undefined;
  const status: RunStatus = crash !== undefined ? 'failed' : divergence ? 'diverged' : failure ? 'failed' : session.stopped ? 'stopped' : options.signal?.aborted ? 'interrupted' : 'completed';

  const closing = performance.now();
  let sinks: Readonly<Record<string, SinkReport>> = {};
  try {
    sinks = await session.finish(status);
    // metrics.jsonl is the run's record (and what checkpoints measure): a failed write there (a full disk) fails the run.
    const record = sinks.jsonl?.error;
    if (record && crash === undefined) crash = new OutputError(join(directory, 'metrics.jsonl'), 'EIO', `cannot write the output: metrics.jsonl: ${record}`);
    if (status !== 'diverged' && crash === undefined) writeParticles(directory, engine);
  } catch (error) {
    crash ??= error;
  }
  const closeSeconds = (performance.now() - closing) / 1000;
  const crashMessage = crash === undefined ? null : crash instanceof Error ? crash.message : String(crash);
  const summary: RunSummary = {
    status: crash !== undefined ? 'failed' : status,
    steps: engine.step,
    totalSteps: engine.totalSteps,
    final: session.last,
    error: crashMessage ?? divergence?.message ?? failure?.message ?? null,
    stop: session.stopped,
    sinks,
    timings: { totalSeconds, secondsPerStep: engine.step > 0 ? totalSeconds / engine.step : 0, closeSeconds },
    versions: { mfpg: packageJson.version, node: process.version },
    ...backendSummary(container.get(ParticleBackend)),
    // The optimum of the final τ, the one the final F was evaluated with (τ(t) under schedules.tau).
    ...(mdp ? { optimum: gridOptimum(mdp, engine.tau) } : {}),
  };
  try {
    writeJson(join(directory, 'summary.json'), summary);
  } catch (error) {
    crash ??= error;
  }
  if (crash !== undefined) throw OutputError.of(crash, directory);
  return { directory, config, summary, error: divergence, failure };
}
