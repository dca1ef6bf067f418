import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { backendSummary, ConfigError, contributions, DivergenceError, Environment, type FlowEngine, MonitorContribution, ParameterPrior, ParticleBackend, type RunConfig } from '@mfpg/core';
import {
  MetricFailure,
  type MetricRow,
  MonitorSession,
  type MonitorRow,
  monitorContributions,
  replicaDistances,
  type ReplicaStep,
  resolveMonitor,
  type ResolvedMonitor,
  type SinkReport,
  type StopDecision,
} from '@mfpg/monitor';
import type { Container } from 'inversify';
import type { OperatorFunction, Subscription } from 'rxjs';
import packageJson from '../../package.json';
import { claimRunDirectory, prepareRunDirectory } from '../output/run-directory';
import { writeJson } from '../output/write-json';
import { writeParticles } from '../output/write-particles';
import type { RunExperimentOptions, RunProgress, RunStatus, RunSummary } from '../run-experiment';
import { createReplicaFlows } from './create-replicas';
import { ReplicaDistanceLog } from './replica-distance-log';
import { ReplicaRunner } from './replica-runner';

/** What `mfpg run` shows while replicas run: the mean value F over replicas, and the replica count. */
export interface ReplicaProgress extends RunProgress {
  readonly replicas: number;
}

/** Options of {@link runReplicaExperiment}: those of a single run, without checkpoints. */
export interface ReplicaExperimentOptions extends Omit<RunExperimentOptions, 'onProgress' | 'onMetrics' | 'checkpointEvery' | 'resume'> {
  /** Called at every step when the `progress` sink is on. */
  readonly onProgress?: (progress: ReplicaProgress) => void;
}

/** One replica's part of a replica run (summary.json `replicas`). */
export interface ReplicaOutcome {
  readonly index: number;
  /** Its folder inside the run folder: `replica-<index>`, a complete single run. */
  readonly directory: string;
  readonly seed: number;
  readonly initSeed: number | null;
  /** Its last logged row (F, J, KL, … at the last logged step). */
  readonly final: MonitorRow | null;
  /** The stop condition that fired on its rows, if one did. */
  readonly stop: StopDecision | null;
}

/** summary.json of a replica run's folder. */
export interface ReplicaRunSummary {
  readonly status: RunStatus;
  readonly steps: number;
  readonly totalSteps: number;
  /** The last distance row (`replicas/w2/i-j`, …): the folder's metrics.jsonl ends with it. */
  readonly final: MonitorRow | null;
  readonly replicas: readonly ReplicaOutcome[];
  readonly error: string | null;
  /** The stop condition that ended the run early: on replica `replica`'s rows, or on the distances (null). */
  readonly stop: (StopDecision & { readonly replica: number | null }) | null;
  /** The sinks of the folder itself (each replica's are in its own summary.json). */
  readonly sinks: Readonly<Record<string, SinkReport>>;
  /** The replicas together, in lockstep: totalSeconds for the flows with their metrics and distances. */
  readonly timings: { readonly totalSeconds: number; readonly secondsPerStep: number; readonly closeSeconds: number };
  readonly versions: { readonly mfpg: string; readonly node: string };
  /** The backend of replica 0 (every replica has its own, configured alike). */
  readonly backend: string;
}

/** summary.json of one replica's folder: a single run's, and which replica it is. */
export interface ReplicaSummary extends RunSummary {
  readonly replica: { readonly index: number; readonly count: number };
}

export interface ReplicaRunResult {
  readonly directory: string;
  /** The configuration the replicas share (config.json of the folder). */
  readonly config: RunConfig;
  readonly summary: ReplicaRunSummary;
  readonly error?: DivergenceError;
  readonly failure?: MetricFailure;
}

/** The folder of replica k inside a replica run's folder. */
export const replicaDirectoryName = (k: number) => `replica-${k}`;

/** The config's `monitor` section for one container; `restored` absent (replica runs have no checkpoints). */
function monitorOf(config: RunConfig, container: Container): ResolvedMonitor {
  const contributions = monitorContributions(container);
  return resolveMonitor(config, contributions.metrics, contributions.sinks, { config, prior: container.get(ParameterPrior), environment: container.get(Environment) });
}

/** The W2 operator of `replicas` (`every`, `w2` options), its option errors named under `replicas.w2`. */
function distancesOf(config: RunConfig): OperatorFunction<ReplicaStep, MetricRow> {
  const { every = config.monitor.every, w2 = {} } = config.replicas;
  if ('every' in w2) throw ConfigError.of('replicas.w2.every', w2.every, 'no key "every" here: the cadence is replicas.every');
  try {
    return replicaDistances({ ...w2, every });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new ConfigError(error.issues.map((issue) => ({ ...issue, field: issue.field.replace(/^replicaDistances/, 'replicas.w2') })));
  }
}

/** Replicas are compared cloud to cloud: every one needs replica 0's particle count and dimension. */
function checkComparable(engines: readonly FlowEngine[]): void {
  const [first] = engines;
  engines.forEach((engine, k) => {
    if (engine.particleCount !== first.particleCount || engine.dim !== first.dim) {
      throw ConfigError.of(
        `replicas.overrides.${k}`,
        `${engine.particleCount}×${engine.dim} particles`,
        `the particle count and dimension of replica 0 (${first.particleCount}×${first.dim}): W2 between replicas compares clouds of equal size`,
      );
    }
  });
}

/**
 * The live display of a replica run at every step: the mean F, the progress sink's keys averaged
 * over the replicas' latest rows (`mean objective`), and the latest largest W2 (`W2 max`).
 */
function showProgress(runner: ReplicaRunner, sessions: readonly MonitorSession[], log: ReplicaDistanceLog, keys: readonly string[], onProgress: (progress: ReplicaProgress) => void): Subscription {
  const totalSteps = runner.engines[0].totalSteps;
  const mean = (values: readonly number[]) => values.reduce((sum, x) => sum + x, 0) / values.length;
  return runner.steps$.subscribe({
    next: (state) => {
      const metrics: Record<string, number> = {};
      for (const key of keys) {
        const values = sessions.flatMap((session) => (session.last && key in session.last ? [session.last[key]] : []));
        if (values.length === sessions.length) metrics[`mean ${key}`] = mean(values);
      }
      const apart = log.last?.['replicas/w2-max'];
      if (apart !== undefined) metrics['W2 max'] = apart;
      onProgress({ step: state.step, totalSteps, t: state.t, value: mean(state.replicas.map((event) => event.value)), metrics, replicas: state.replicas.length });
    },
    error: () => undefined,
  });
}

/**
 * Runs the K replicas of a configuration (`replicas` section; `createReplicaFlows` says which
 * seeds they get) in lockstep and writes a folder:
 * - `config.json`: the shared configuration; `summary.json`: status, the last distance row
 *   (`final`), each replica's seeds and last row (`replicas`), timings;
 * - the sinks of `monitor.sinks` fed with the distance rows — `metrics.jsonl` holds one row per
 *   kept step (`replicas.every`, default `monitor.every`) with `step`, `t`, `replicas/w2/i-j`,
 *   `replicas/coupling/i-j`, `replicas/w2-max`, `replicas/w2-mean`, and the plots sink draws
 *   distances.svg/png;
 * - `replica-<k>/`: replica k as a complete single run (config.json, metrics.jsonl, summary.json,
 *   particles.json, plots), so every reader of a run folder reads it; `mfpg run
 *   replica-<k>/config.json` repeats it alone, number for number.
 * Bad input throws ConfigError before any file is written. A divergence or failing metric of any
 * replica, or a stop condition on any replica's rows or on the distances, ends all of them at the
 * same step; files logged before are kept.
 */
export async function runReplicaExperiment(input: unknown = {}, options: ReplicaExperimentOptions = {}): Promise<ReplicaRunResult> {
  const { config, container, flows } = createReplicaFlows(input, options);
  const engines = flows.map((flow) => flow.engine);
  const runner = new ReplicaRunner(engines);
  checkComparable(engines);
  const distances = distancesOf(config);
  const shared = monitorOf(config, container);
  const monitors = flows.map((flow, k) => {
    try {
      return monitorOf(flow.config, flow.container);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      throw new ConfigError(error.issues.map((issue) => ({ ...issue, field: `replicas.overrides.${k} (${issue.field})` })));
    }
  });

  const directory = prepareRunDirectory(options.out, config.env.name);
  claimRunDirectory(directory, config, options.out);
  const directories = flows.map((flow, k) => {
    const own = join(directory, replicaDirectoryName(k));
    mkdirSync(own, { recursive: true });
    writeJson(join(own, 'config.json'), flow.config);
    return own;
  });

  const controller = new AbortController();
  const forwardAbort = () => controller.abort();
  options.signal?.addEventListener('abort', forwardAbort, { once: true });
  if (options.signal?.aborted) controller.abort();
  const requestStop = () => controller.abort();
  const totalSteps = runner.engines[0].totalSteps;
  const queueCapacity = options.sinkQueueCapacity;
  // Each replica's own rows, sinks and stop conditions, in its folder; no live display of its own.
  const sessions = flows.map((flow, k) => new MonitorSession(monitors[k], { config: flow.config, directory: directories[k], totalSteps }, { requestStop, queueCapacity }));
  sessions.forEach((session, k) => session.attach(engines[k].steps$));
  const attached = flows.flatMap((flow, k) =>
    contributions<MonitorContribution>(flow.container, MonitorContribution).map((contribution) => contribution.attach(engines[k].steps$)),
  );
  const log = new ReplicaDistanceLog(
    shared.sinks.filter((sink) => sink.name !== 'progress'),
    { config, directory, totalSteps },
    shared.stop,
    { requestStop, queueCapacity },
  );
  let distanceFailure: MetricFailure | undefined;
  const logged = runner.steps$.pipe(distances).subscribe({
    next: (row) => log.write({ step: row.step, t: row.t, ...row.values }),
    error: (error: unknown) => {
      // A divergence is the runner's to report; anything else fails the distances like a metric.
      if (error instanceof DivergenceError) return;
      distanceFailure = error instanceof MetricFailure ? error : new MetricFailure('replicas', log.last?.step ?? 0, log.last?.t ?? 0, error);
      requestStop();
    },
  });
  const progress = shared.sinks.find((sink) => sink.name === 'progress');
  const live = progress && options.onProgress ? showProgress(runner, sessions, log, (progress.options as { metrics: string[] }).metrics, options.onProgress) : undefined;

  const started = performance.now();
  let engineDivergence: DivergenceError | undefined;
  try {
    await runner.run({ signal: controller.signal });
  } catch (error) {
    if (!(error instanceof DivergenceError)) throw error;
    engineDivergence = error;
  } finally {
    options.signal?.removeEventListener('abort', forwardAbort);
    for (const subscription of attached) subscription.unsubscribe();
    logged.unsubscribe();
    live?.unsubscribe();
  }
  const totalSeconds = (performance.now() - started) / 1000;
  const steps = runner.engines[0].step;
  const divergence = engineDivergence ?? sessions.find((session) => session.divergence)?.divergence ?? log.divergence ?? undefined;
  const failure = sessions.find((session) => session.failure)?.failure ?? distanceFailure;
  const stoppedBy = sessions.findIndex((session) => session.stopped);
  const stop = stoppedBy >= 0 ? { ...(sessions[stoppedBy].stopped as StopDecision), replica: stoppedBy } : log.stopped ? { ...log.stopped, replica: null } : null;
  const status: RunStatus = divergence ? 'diverged' : failure ? 'failed' : stop ? 'stopped' : options.signal?.aborted ? 'interrupted' : 'completed';
  const error = divergence?.message ?? failure?.message ?? null;

  const closing = performance.now();
  const replicaSinks: Record<string, SinkReport>[] = [];
  for (const session of sessions) replicaSinks.push(await session.finish(status));
  const sinks = await log.finish(status);
  const closeSeconds = (performance.now() - closing) / 1000;
  const timings = { totalSeconds, secondsPerStep: steps > 0 ? totalSeconds / steps : 0, closeSeconds };
  const versions = { mfpg: packageJson.version, node: process.version };

  flows.forEach((flow, k) => {
    if (status !== 'diverged') writeParticles(directories[k], flow.engine);
    const summary: ReplicaSummary = {
      status,
      steps,
      totalSteps,
      final: sessions[k].last,
      error,
      stop: sessions[k].stopped,
      sinks: replicaSinks[k],
      timings,
      versions,
      ...backendSummary(flow.container.get(ParticleBackend)),
      replica: { index: k, count: flows.length },
    };
    writeJson(join(directories[k], 'summary.json'), summary);
  });
  const summary: ReplicaRunSummary = {
    status,
    steps,
    totalSteps,
    final: log.last,
    replicas: flows.map((flow, k) => ({
      index: k,
      directory: replicaDirectoryName(k),
      seed: flow.config.seed,
      initSeed: flow.config.particles.initSeed ?? null,
      final: sessions[k].last,
      stop: sessions[k].stopped,
    })),
    error,
    stop,
    sinks,
    timings,
    versions,
    ...backendSummary(flows[0].container.get(ParticleBackend)),
  };
  writeJson(join(directory, 'summary.json'), summary);
  return { directory, config, summary, error: divergence, failure };
}
