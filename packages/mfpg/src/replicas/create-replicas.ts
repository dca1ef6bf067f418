import { type ConfigOverride, ConfigError, resolveConfig } from '@mfpg/core';
import { type CreateFlowOptions, createFlow } from '../create-flow';
import { ReplicaRunner } from './replica-runner';

/** Options of {@link createReplicas}. */
export interface CreateReplicasOptions extends CreateFlowOptions {
  /** Number K ≥ 1 of replicas. */
  readonly count: number;
  /**
   * `independent` (default): replica k uses seed `seed + k`, so its initial particles and its noise
   * both differ. `shared`: every replica uses `seed` for the Brownian increments (synchronous
   * coupling) and `particles.initSeed = seed + 1 + k` for its initial draws, so they start apart
   * but are driven by the same noise.
   */
  readonly noise?: 'independent' | 'shared';
  /** Extra dotted overrides per replica (e.g. a different initial law), applied last. */
  readonly replicaOverrides?: readonly (readonly (string | ConfigOverride)[])[];
}

const SEED_RANGE = 2 ** 32;

/**
 * K flows of one configuration, built with {@link createFlow}, differing in seeds, initial draws or
 * per-replica overrides, ready to run in lockstep as one {@link ReplicaRunner}. Everything is
 * validated before any work.
 *
 * @example
 * const runner = createReplicas({ regularization: { sigma: 2 } }, { count: 3, noise: 'shared' });
 */
export function createReplicas(input: unknown, options: CreateReplicasOptions): ReplicaRunner {
  const { count, noise = 'independent', replicaOverrides = [], overrides = [], modules } = options;
  if (!Number.isInteger(count) || count < 1) throw ConfigError.of('replicas.count', count, 'an integer ≥ 1');
  if (noise !== 'independent' && noise !== 'shared') throw ConfigError.of('replicas.noise', noise, 'independent or shared');
  if (replicaOverrides.length > count) throw ConfigError.of('replicas.replicaOverrides', replicaOverrides.length, `at most count = ${count} lists`);
  const { seed } = resolveConfig(input, overrides);
  const engines = Array.from({ length: count }, (_, k) => {
    const seeds: ConfigOverride[] =
      noise === 'shared'
        ? [{ path: ['particles', 'initSeed'], value: (seed + 1 + k) % SEED_RANGE }]
        : [{ path: ['seed'], value: (seed + k) % SEED_RANGE }];
    return createFlow(input, { overrides: [...overrides, ...seeds, ...(replicaOverrides[k] ?? [])], modules }).engine;
  });
  return new ReplicaRunner(engines);
}
