import {
  type ConfigOverride,
  ConfigError,
  createContainer,
  defaultConfig,
  formatOverride,
  parseOverride,
  resolveConfig,
  checkResourceLimits,
  type RunConfig,
  RunConfig as RunConfigToken,
} from '@mfpg/core';
import type { Container } from 'inversify';
import { type CreateFlowOptions, createFlow, type Flow } from '../create-flow';
import { defaultModules } from '../default-modules';
import { ReplicaRunner } from './replica-runner';

/** Options of {@link createReplicas}; each one left out is taken from the config's `replicas` section. */
export interface CreateReplicasOptions extends CreateFlowOptions {
  /** Number K ≥ 1 of replicas. */
  readonly count?: number;
  /** `independent` (default) or `shared` Brownian increments; see {@link replicaSeeds}. */
  readonly noise?: 'independent' | 'shared';
  /** One list of dotted overrides per replica (e.g. a different initial law), applied last. */
  readonly replicaOverrides?: readonly (readonly (string | ConfigOverride)[])[];
}

/** The replicas of one configuration, before they run. */
export interface ReplicaFlows {
  /** The configuration they share, validated with its plugins' parameters (what config.json holds). */
  readonly config: RunConfig;
  /** A container of that configuration (its plugins, metrics and sinks); it builds no engine. */
  readonly container: Container;
  /** Replica k's flow; its config is a single run (`replicas.count` 1) with replica k's seeds and overrides. */
  readonly flows: readonly Flow[];
}

const SEED_RANGE = 2 ** 32;

/**
 * The seeds of replica k: it adds k to the seeds the configuration gives, so replica 0 has the
 * configuration's own. `independent`: `seed + k`, and `particles.initSeed + k` when the config sets
 * one, so initial particles and noise both differ. `shared`: every replica keeps `seed` (the same
 * Brownian increments: synchronous coupling) and draws ν_0 from `initSeed + k`, with `initSeed`
 * defaulting to `seed + 1` (initial draws never on the noise's stream). So replica 0 repeats the
 * single run of the configuration exactly with independent noise always, and with shared noise
 * when the config sets `particles.initSeed`.
 */
export function replicaSeeds(config: RunConfig, noise: 'independent' | 'shared', k: number): ConfigOverride[] {
  const { seed } = config;
  const { initSeed } = config.particles;
  const plus = (value: number) => (value + k) % SEED_RANGE;
  if (noise === 'shared') return [{ path: ['particles', 'initSeed'], value: plus(initSeed ?? (seed + 1) % SEED_RANGE) }];
  return [{ path: ['seed'], value: plus(seed) }, ...(initSeed === undefined ? [] : [{ path: ['particles', 'initSeed'], value: plus(initSeed) }])];
}

/** Replica k's own overrides make its config invalid: say so in the field names. */
function blameReplicaOverrides(error: unknown, k: number): unknown {
  if (!(error instanceof ConfigError)) return error;
  return new ConfigError(error.issues.map((issue) => ({ ...issue, field: `replicas.overrides.${k} (${issue.field})` })));
}

/**
 * K flows of one configuration, built with {@link createFlow}, differing in seeds
 * ({@link replicaSeeds}) and per-replica overrides. The options given here replace the config's
 * `replicas` fields. Everything is validated before any work: the shared configuration first, then
 * each replica's (a field made bad by `replicas.overrides.k` is named with that prefix).
 */
export function createReplicaFlows(input: unknown, options: CreateReplicasOptions = {}): ReplicaFlows {
  const { count, noise, replicaOverrides, overrides = [], modules = [] } = options;
  const fromCode: ConfigOverride[] = [
    ...(count === undefined ? [] : [{ path: ['replicas', 'count'], value: count }]),
    ...(noise === undefined ? [] : [{ path: ['replicas', 'noise'], value: noise }]),
    ...(replicaOverrides === undefined ? [] : [{ path: ['replicas', 'overrides'], value: replicaOverrides.map((list) => list.map(formatOverride)) }]),
  ];
  const shared = resolveConfig(input, [...overrides, ...fromCode]);
  // All K replicas together, before the first is built (replicas.count = 1e6 stops here).
  checkResourceLimits(shared, options.limits);
  const container = createContainer(shared, [...defaultModules, ...modules]);
  const config = container.get<RunConfig>(RunConfigToken);
  // Each replica is a single run: its config.json, run alone, repeats it.
  const single = { ...config, replicas: defaultConfig.replicas };
  const flows = Array.from({ length: config.replicas.count }, (_, k) => {
    const own = config.replicas.overrides?.[k] ?? [];
    try {
      return createFlow(single, { overrides: [...replicaSeeds(config, config.replicas.noise, k), ...own.map(parseOverride)], modules, limits: options.limits });
    } catch (error) {
      throw own.length > 0 ? blameReplicaOverrides(error, k) : error;
    }
  });
  return { config, container, flows };
}

/**
 * K flows of one configuration (`createReplicaFlows`) ready to run in lockstep as one
 * {@link ReplicaRunner}.
 *
 * @example
 * const runner = createReplicas({ regularization: { sigma: 2 } }, { count: 3, noise: 'shared' });
 */
export function createReplicas(input: unknown, options: CreateReplicasOptions = {}): ReplicaRunner {
  return new ReplicaRunner(createReplicaFlows(input, options).flows.map((flow) => flow.engine));
}
