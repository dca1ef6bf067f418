import 'reflect-metadata';
import { ConfigError, resolveConfig } from '@mfpg/core';
import { describe, expect, it } from 'vitest';
import { createFlow } from '../create-flow';
import { createReplicaFlows, replicaSeeds } from './create-replicas';

const small = { env: { name: 'controlled-torus', params: {}, grid: { states: 8, actions: 8 } }, particles: { count: 10 }, flow: { dt: 0.05, horizon: 0.1 } };

describe('replicaSeeds', () => {
  it('adds k to the seeds the config gives: independent moves seed (and initSeed if set), shared only initSeed', () => {
    const plain = resolveConfig({ seed: 7 });
    const withInit = resolveConfig({ seed: 7, particles: { initSeed: 20 } });
    expect(replicaSeeds(plain, 'independent', 0)).toEqual([{ path: ['seed'], value: 7 }]);
    expect(replicaSeeds(plain, 'independent', 3)).toEqual([{ path: ['seed'], value: 10 }]);
    expect(replicaSeeds(withInit, 'independent', 2)).toEqual([{ path: ['seed'], value: 9 }, { path: ['particles', 'initSeed'], value: 22 }]);
    // Shared: ν_0 from initSeed + k, initSeed defaulting to seed + 1 (never the noise's own stream).
    expect(replicaSeeds(plain, 'shared', 0)).toEqual([{ path: ['particles', 'initSeed'], value: 8 }]);
    expect(replicaSeeds(withInit, 'shared', 1)).toEqual([{ path: ['particles', 'initSeed'], value: 21 }]);
    // Seeds stay in [0, 2^32).
    expect(replicaSeeds(resolveConfig({ seed: 2 ** 32 - 1 }), 'independent', 1)).toEqual([{ path: ['seed'], value: 0 }]);
  });
});

describe('createReplicaFlows', () => {
  it('makes each replica a single run with its seeds and overrides, and replica 0 the configured run', () => {
    const { config, flows } = createReplicaFlows(small, { count: 2, replicaOverrides: [['particles.init.mean=1'], ['particles.init.mean=-1']] });
    expect(config.replicas).toEqual({ count: 2, noise: 'independent', overrides: [['particles.init.mean=1'], ['particles.init.mean=-1']] });
    expect(flows.map((flow) => [flow.config.seed, flow.config.particles.init, flow.config.replicas])).toEqual([
      [0, { name: 'gaussian', mean: 1, std: 1 }, { count: 1, noise: 'independent' }],
      [1, { name: 'gaussian', mean: -1, std: 1 }, { count: 1, noise: 'independent' }],
    ]);
    // Replica 0 starts where the single run with its override starts.
    const alone = createFlow(small, { overrides: ['particles.init.mean=1'] }).engine.theta;
    expect(Array.from(flows[0].engine.theta)).toEqual(Array.from(alone));
  });

  it('names the replica whose overrides make a bad config', () => {
    try {
      createReplicaFlows({ ...small, replicas: { count: 2, overrides: [[], ['regularization.tau=0']] } });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).issues.map((issue) => issue.field)).toEqual(['replicas.overrides.1 (regularization.tau)']);
    }
  });
});
