import { type Environment, type ParameterPrior, type ParticleBackend, PluginPoints, type RunConfig, type StepEvent, type Unit } from '@mfpg/core';
import type { OperatorFunction } from 'rxjs';
import type { ZodType } from 'zod';

/** The token of the gathered `metric` point (its registry entry is core's `PluginPoints.metric`). */
export const MetricDefinition = PluginPoints.metric.token;

/** What a metric may need besides the step stream. */
export interface MetricContext {
  readonly config: RunConfig;
  readonly prior: ParameterPrior;
  readonly environment: Environment;
  /** The run's unit φ, for metrics that evaluate the network themselves (absent for replica runs). */
  readonly unit?: Unit;
  /**
   * The run's backend (absent for replica runs), for metrics that evaluate the network on points
   * of their own: `backend.compile(unit, N, d)` gives kernels of their own, separate from the
   * engine's, whose forward may answer with a promise (metrics/refined-forward.ts).
   */
  readonly backend?: ParticleBackend;
  /**
   * The metric's memory across checkpoints (absent when used from code without one): a metric
   * that keeps state between kept steps restores it from `memory.restored` and registers a
   * snapshot of it with `memory.keep`, so `mfpg resume` continues it exactly. See {@link MetricMemory}.
   */
  readonly memory?: MetricMemory;
}

/**
 * Where one configured metric saves and restores its state through checkpoints. A metric that
 * keeps state between kept steps (a previous cloud, a path of J, counters):
 * - reads `restored` in `create` — the snapshot saved at the checkpoint, or undefined on a fresh
 *   run — validates its shape (ConfigError naming the metric's field when it does not fit, before
 *   any work) and starts its state from it at subscription;
 * - calls `keep(snapshot)` once per subscription with a function returning a JSON-serialisable
 *   snapshot of its current state (exact: non-finite numbers, −0 and arrays of doubles encoded as
 *   by `encodeNumber` / `encodeFloats`). It is called between steps, when a checkpoint is written.
 * Metrics without state ignore it.
 */
export interface MetricMemory {
  readonly restored: unknown | undefined;
  keep(snapshot: () => unknown): void;
}

/**
 * A metric that can be chosen by name in the config's `monitor` section (or used from code). It
 * turns the step stream into rows of named numbers, computed only on the steps it keeps (its own
 * cadence: heavy estimators must not run every step). Row keys are namespaced, Stable-Baselines3
 * style: `objective/value`, `measure/kl`, `grad/norm`, `distance/w2-successive`, …
 * Registered with `bindPlugin(options, { point: 'metric', … }, { useValue: definition })` (or made by
 * `defineMetric`); every registered one is gathered under the `MetricDefinition` token.
 */
export interface MetricDefinition {
  /** Config name, e.g. `objective`, `stein`, `w2-successive`. */
  readonly name: string;
  readonly description: string;
  /**
   * Schema of its config entry without `name` (`every` included). When present, the entry is
   * parsed with it before `create` (an unknown key such as `evry` is bad input naming
   * `monitor.metrics.<i>.evry`) and `create` gets the parsed options. Use a strict object.
   */
  readonly options?: ZodType;
  /**
   * The operator for one run. `options` is the metric's config entry without `name` (e.g.
   * `{ every: 50, directions: 64 }`); validate it and throw ConfigError naming `monitor.metrics[i].…`.
   * `field` (optional) is the dotted path of this entry, e.g. `monitor.metrics.2`, used as the
   * prefix of the ConfigError fields; without it the built-in metrics use `monitor.metrics.<name>`.
   */
  create(context: MetricContext, options: Readonly<Record<string, unknown>>, field?: string): OperatorFunction<StepEvent, MetricRow>;
}

/** One row of a metric: the step and time it refers to, and its named values. */
export interface MetricRow {
  readonly step: number;
  readonly t: number;
  readonly values: Readonly<Record<string, number>>;
}
