import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { backendSummary, ConfigError, type DivergenceError, Environment, type FlowEngine, ParameterPrior, ParticleBackend, type RunConfig } from '@mfpg/core';
import { type MetricFailure, type MetricRow, type MonitorRow, type MonitorSession, monitorContributions, replicaDistances, type ReplicaStep, resolveMonitor, type SinkReport, type StopDecision } from '@mfpg/monitor';
import { map, type OperatorFunction, type Subscription } from 'rxjs';
import packageJson from '../../package.json';
import { CHECKPOINT_FILE, checkpointPolicy, requireMetricsFile, restoreFromCheckpoint } from '../checkpoints';
import { type ReplicaCheckpoint, writeReplicaCheckpoint } from '../checkpoints/replica-checkpoint';
import type { FlowMonitor } from '../lifecycle/flow-monitor';
import { resolveFlowMonitor } from '../lifecycle/flow-monitor';
import { runFlows } from '../lifecycle/run-flows';
import { flowSummary, runVersions, writeSummaries } from '../lifecycle/run-summary';
import { claimRunDirectory, prepareRunDirectory } from '../output/run-directory';
import { writeJson } from '../output/write-json';
import type { RunExperimentOptions, RunProgress, RunStatus, RunSummary } from '../run-experiment';
import { createReplicaFlows } from './create-replicas';
import { ReplicaRunner } from './replica-runner';

/** What `mfpg run` shows while replicas run: the mean value F over replicas, and the replica count. */
export interface ReplicaProgress extends RunProgress {
  readonly replicas: number;
}

/** Options of {@link runReplicaExperiment}: those of a single run; `resume` takes a replica run's checkpoint. */
export interface ReplicaExperimentOptions extends Omit<RunExperimentOptions, 'onProgress' | 'onMetrics' | 'resume'> {
  /** Called at every step when the `progress` sink is on. */
  readonly onProgress?: (progress: ReplicaProgress) => void;
  /**
   * Continue the replica run in `out` from its checkpoint (read and checked by
   * `readReplicaCheckpoint`): every metrics.jsonl is cut back to its length then and appended to.
   */
  readonly resume?: ReplicaCheckpoint;
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

/** The W2 rows of `replicas` (`every`, `w2` options) as logged rows, the option errors named under `replicas.w2`. */
function distancesOf(config: RunConfig): OperatorFunction<ReplicaStep, MonitorRow> {
  const { every = config.monitor.every, w2 = {} } = config.replicas;
  if ('every' in w2) throw ConfigError.of('replicas.w2.every', w2.every, 'no key "every" here: the cadence is replicas.every');
  try {
    const rows = replicaDistances({ ...w2, every });
    return (steps$) => steps$.pipe(rows, map((row: MetricRow): MonitorRow => ({ step: row.step, t: row.t, ...row.values })));
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
function showProgress(runner: ReplicaRunner, monitors: readonly FlowMonitor[], distances: MonitorSession | undefined, keys: readonly string[], onProgress: (progress: ReplicaProgress) => void): Subscription {
  const totalSteps = runner.engines[0].totalSteps;
  const sessions = monitors.map((monitor) => monitor.session);
  const mean = (values: readonly number[]) => values.reduce((sum, x) => sum + x, 0) / values.length;
  return runner.steps$.subscribe({
    next: (state) => {
      const metrics: Record<string, number> = {};
      for (const key of keys) {
        const values = sessions.flatMap((session) => (session.last && key in session.last ? [session.last[key]] : []));
        if (values.length === sessions.length) metrics[`mean ${key}`] = mean(values);
      }
      const apart = distances?.last?.['replicas/w2-max'];
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
  const contributions = monitorContributions(container);
  const shared = resolveMonitor(config, contributions.metrics, contributions.sinks, { config, prior: container.get(ParameterPrior), environment: container.get(Environment) });
  const { resume } = options;
  const checkpoints = checkpointPolicy(options.checkpointEvery);
  const monitors = flows.map((flow, k) => resolveFlowMonitor(flow, resume && { memory: resume.replicas[k].metricMemory, checkpoint: `${options.out ?? ''}/${CHECKPOINT_FILE}: replicas.${k}` }, `replicas.overrides.${k}`));
  if (checkpoints || resume) for (const monitor of [shared, ...monitors]) requireMetricsFile(monitor, config.monitor.sinks.jsonl);
  if (resume) {
    if (!options.out) throw ConfigError.of('--out', options.out, 'the folder of the run to resume');
    const path = join(resolve(options.out), CHECKPOINT_FILE);
    engines.forEach((engine, k) => restoreFromCheckpoint(engine, resume.replicas[k], `${path}: replicas.${k}`));
  }

  const directory = resume ? resolve(options.out as string) : prepareRunDirectory(options.out, config.env.name);
  if (!resume) claimRunDirectory(directory, config, options.out);
  const directories = flows.map((flow, k) => {
    const own = join(directory, replicaDirectoryName(k));
    if (resume) return own;
    mkdirSync(own, { recursive: true });
    writeJson(join(own, 'config.json'), flow.config);
    return own;
  });

  const totalSteps = runner.engines[0].totalSteps;
  const progress = shared.sinks.find((sink) => sink.name === 'progress');
  const onProgress = options.onProgress;
  const outcome = await runFlows(
    runner,
    // Each replica's own rows, sinks and stop conditions, in its folder; no live display of its own.
    flows.map((flow, k) => ({ flow, directory: directories[k], monitor: monitors[k], context: { resume: resume && { metricsBytes: resume.replicas[k].metricsBytes, step: resume.step } } })),
    {
      signal: options.signal,
      queueCapacity: options.sinkQueueCapacity,
      together: { monitor: { ...shared, metrics: [], sinks: shared.sinks.filter((sink) => sink.name !== 'progress') }, context: { config, directory, totalSteps, resume: resume && { metricsBytes: resume.metricsBytes, step: resume.step } }, rows: distances, source: 'replicas' },
      checkpoints: checkpoints && { policy: checkpoints, write: (replicas) => writeReplicaCheckpoint(directory, config, packageJson.version, checkpoints.every, replicas) },
      display: progress && onProgress && ((_, watched, together) => showProgress(runner, watched, together, (progress.options as { metrics: string[] }).metrics, onProgress)),
    },
  );
  const { status, steps, timings, error, stop } = outcome;
  const summaries = flows.map((_, k): [string, ReplicaSummary] => [directories[k], { ...flowSummary(outcome, k), replica: { index: k, count: flows.length } }]);
  const summary: ReplicaRunSummary = {
    status,
    steps,
    totalSteps,
    final: outcome.together?.last ?? null,
    replicas: flows.map((flow, k) => ({
      index: k,
      directory: replicaDirectoryName(k),
      seed: flow.config.seed,
      initSeed: flow.config.particles.initSeed ?? null,
      final: outcome.monitors[k].session.last,
      stop: outcome.monitors[k].session.stopped,
    })),
    error,
    stop,
    sinks: outcome.together?.sinks ?? {},
    timings,
    versions: runVersions(),
    ...backendSummary(flows[0].container.get(ParticleBackend)),
  };
  writeSummaries([...summaries, [directory, summary]], outcome.crash, directory);
  return { directory, config, summary, error: outcome.divergence, failure: outcome.failure };
}
