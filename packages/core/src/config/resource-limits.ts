import { ConfigError } from '../errors';
import type { Environment } from '../plugin-points/environment';
import type { Space } from '../plugin-points/space';
import { type RunConfig, stepCount } from './run-config';

/**
 * Upper limits on what a configuration may ask of the machine, checked before any work so that a
 * typo (`particles.count=1e9`, `flow.dt=1e-300`) is a clear error, not a crash or a run of years.
 * `mfpg run --max-memory / --max-steps` (and the same options of resume, sweep) raise them.
 */
export interface ResourceLimits {
  /** Largest estimated memory of a run (all replicas together), in bytes. */
  readonly maxMemoryBytes: number;
  /** Largest number of steps, horizon/dt. */
  readonly maxSteps: number;
}

/** 4 GiB: more than any documented experiment needs by two orders of magnitude, less than a laptop has. */
export const DEFAULT_MAX_MEMORY_BYTES = 4 * 1024 ** 3;
/** 10^7 steps: days of computing at the fastest step rates measured (bench/). */
export const DEFAULT_MAX_STEPS = 10_000_000;
export const DEFAULT_RESOURCE_LIMITS: ResourceLimits = { maxMemoryBytes: DEFAULT_MAX_MEMORY_BYTES, maxSteps: DEFAULT_MAX_STEPS };

/** What the memory estimate needs to know of the environment and the unit (known once the plugins are). */
export interface ProblemShape {
  readonly stateSpace: Space;
  readonly actionSpace: Space;
  /** p, the length of x(s, a). */
  readonly featureDim: number;
  /** d, the length of one particle θ. */
  readonly parameterDim: number;
  /** True when the grid evaluator builds the dense (S·K)×S kernel (environments with a transitionDensity). */
  readonly denseKernel: boolean;
  readonly defaultGrid?: Environment['defaultGrid'];
}

/** One term of the estimate, for the message: which field drives it. */
export interface ResourceTerm {
  readonly field: string;
  readonly bytes: number;
  readonly what: string;
}

export interface ResourceEstimate {
  readonly memoryBytes: number;
  readonly steps: number;
  /** The terms of memoryBytes (for one replica), largest first. */
  readonly terms: readonly ResourceTerm[];
}

const FLOAT = 8;
/** Copies of the N×d particles a run holds: θ, the drift, integrator stages and noise, backend views, metric snapshots. */
const PARTICLE_COPIES = 8;
/** Arrays of length M = S·K per grid evaluation: points' features excluded (logits, V, Q, A, log π, mass, occupancy, rewards…). */
const GRID_ARRAYS = 12;

const nodesOf = (space: Space, perDim: number) => (space.kind === 'finite' ? space.size : perDim ** space.dim);

/**
 * The memory and steps a resolved config implies. Without `shape` (before the plugins are built)
 * it assumes 1-dimensional spaces and p = d = 1, a lower bound that already catches
 * impossible sizes; with it, the estimate counts the environment's real dimensions.
 */
export function estimateResources(config: RunConfig, shape?: ProblemShape): ResourceEstimate {
  const n = config.particles.count;
  const featureDim = shape?.featureDim ?? 1;
  const parameterDim = shape?.parameterDim ?? 1;
  const terms: ResourceTerm[] = [{ field: 'particles.count', bytes: n * parameterDim * FLOAT * PARTICLE_COPIES, what: `N = ${n} particles of dimension ${parameterDim}` }];
  if (config.evaluator.name === 'grid') {
    const statesPerDim = config.env.grid.states ?? shape?.defaultGrid?.states ?? 64;
    const actionsPerDim = config.env.grid.actions ?? shape?.defaultGrid?.actions ?? 64;
    const states = shape ? nodesOf(shape.stateSpace, statesPerDim) : statesPerDim;
    const actions = shape ? nodesOf(shape.actionSpace, actionsPerDim) : actionsPerDim;
    const points = states * actions;
    const kernel = shape === undefined || shape.denseKernel ? points * states : points * 2 ** (shape.stateSpace.kind === 'finite' ? 0 : shape.stateSpace.dim);
    terms.push(
      { field: 'env.grid.states', bytes: kernel * FLOAT + states * states * FLOAT, what: `the transition kernel on S = ${states} state nodes × K = ${actions} action nodes` },
      { field: 'env.grid.actions', bytes: points * (featureDim + GRID_ARRAYS) * FLOAT, what: `M = S·K = ${points} grid points with p = ${featureDim} features` },
      // Product-grid kernels keep per-particle rows over the state and the action nodes.
      { field: 'particles.count', bytes: n * (states + actions) * FLOAT * 4, what: `N = ${n} particles × (S + K) = ${states + actions} grid nodes` },
    );
  } else {
    const params = config.evaluator.params as { states?: unknown; actionsPerState?: unknown };
    const states = typeof params.states === 'number' ? params.states : 256;
    const actionsPerState = typeof params.actionsPerState === 'number' ? params.actionsPerState : 64;
    terms.push({ field: 'evaluator.params', bytes: states * actionsPerState * (featureDim + GRID_ARRAYS) * FLOAT, what: `${states}·${actionsPerState} sampled points with p = ${featureDim} features` });
  }
  // Exact W2 (replica distances, the w2-successive metric) solves an assignment on an N×N cost matrix.
  const w2Options = [
    ...(config.replicas.count > 1 ? [{ field: 'replicas.w2', options: config.replicas.w2 ?? {} }] : []),
    ...config.monitor.metrics.flatMap((metric, index) => (metric.name === 'w2-successive' ? [{ field: `monitor.metrics.${index}`, options: metric as Record<string, unknown> }] : [])),
  ];
  for (const { field, options } of w2Options) {
    const method = options.method ?? 'auto';
    const exactLimit = typeof options.exactLimit === 'number' ? options.exactLimit : 2000;
    if (method === 'exact' || (method === 'auto' && n <= exactLimit)) {
      terms.push({ field, bytes: 2 * n * n * FLOAT, what: `the exact W2 between clouds of N = ${n} particles (an N×N cost matrix; method "sliced" needs none)` });
    }
  }
  terms.sort((a, b) => b.bytes - a.bytes);
  const perReplica = terms.reduce((total, term) => total + term.bytes, 0);
  return { memoryBytes: perReplica * config.replicas.count, steps: stepCount(config), terms };
}

/** `1.5 GiB`: a byte count for messages. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return `${bytes} bytes`;
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} bytes` : `${value.toPrecision(3)} ${units[unit]}`;
}

/**
 * Refuses a config whose estimate exceeds the limits: a ConfigError naming the field that drives
 * the estimate, the estimate and the limit, with the option that raises it.
 */
export function checkResourceLimits(config: RunConfig, limits: ResourceLimits = DEFAULT_RESOURCE_LIMITS, shape?: ProblemShape): ResourceEstimate {
  const estimate = estimateResources(config, shape);
  if (!(estimate.steps <= limits.maxSteps)) {
    throw ConfigError.of(
      'flow.horizon / flow.dt',
      `${config.flow.horizon} / ${config.flow.dt}`,
      `at most ${limits.maxSteps} steps (this is ${estimate.steps.toPrecision(4)} steps); raise the limit with --max-steps if you mean it`,
    );
  }
  if (!(estimate.memoryBytes <= limits.maxMemoryBytes)) {
    const largest = estimate.terms[0];
    const replicas = config.replicas.count > 1 ? ` × replicas.count = ${config.replicas.count}` : '';
    const field = config.replicas.count > 1 && largest.bytes <= limits.maxMemoryBytes ? 'replicas.count' : largest.field;
    const given = field === 'replicas.count' ? config.replicas.count : readField(config, field);
    throw ConfigError.of(
      field,
      given,
      `a run that fits in ${formatBytes(limits.maxMemoryBytes)} (estimated ${formatBytes(estimate.memoryBytes)}: ${largest.what}${replicas}); raise the limit with --max-memory if the machine has it`,
    );
  }
  return estimate;
}

/**
 * Parses a size for `--max-memory`: bytes, or a number with a unit (KB, MB, GB, TB: powers of 1000;
 * KiB, MiB, GiB, TiB: powers of 1024), e.g. `16GiB`, `512MB`. Throws a ConfigError naming `option`.
 */
export function parseByteSize(text: string, option = '--max-memory'): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([KMGT]i?B|B)?\s*$/i.exec(text);
  const units: Record<string, number> = { B: 1, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12, KIB: 1024, MIB: 1024 ** 2, GIB: 1024 ** 3, TIB: 1024 ** 4 };
  const bytes = match ? Number(match[1]) * units[(match[2] ?? 'B').toUpperCase()] : Number.NaN;
  if (!(bytes >= 1 && Number.isFinite(bytes))) throw ConfigError.of(option, text, 'a size such as 8GiB, 512MB or a number of bytes');
  return Math.floor(bytes);
}

/** Parses a positive integer count for `--max-steps` and similar options. */
export function parsePositiveCount(text: string, option: string): number {
  const value = /^\s*\d+(\.\d+)?(e\d+)?\s*$/i.test(text) ? Number(text) : Number.NaN;
  if (!(Number.isInteger(value) && value >= 1)) throw ConfigError.of(option, text, 'an integer ≥ 1, e.g. 1000000 or 1e6');
  return value;
}

function readField(config: RunConfig, field: string): unknown {
  return field.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], config);
}
