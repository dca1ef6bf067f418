import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors';
import { resolveConfig } from './overrides';
import { checkResourceLimits, estimateResources, formatBytes, parseByteSize, parsePositiveCount } from './resource-limits';

const shape = { stateSpace: { kind: 'torus', dim: 1 }, actionSpace: { kind: 'torus', dim: 1 }, featureDim: 4, parameterDim: 6, denseKernel: true } as const;

describe('resource limits', () => {
  it('estimates each term from its formula: 8 copies of N×d float64, the (S·K)×S kernel, M = S·K points, N·(S+K) rows', () => {
    const config = resolveConfig({ particles: { count: 100 }, env: { grid: { states: 10, actions: 20 } } });
    const terms = estimateResources(config, shape).terms;
    expect(terms.find((term) => term.what.startsWith('N = 100 particles of'))?.bytes).toBe(100 * 6 * 8 * 8);
    expect(terms.find((term) => term.field === 'env.grid.states')?.bytes).toBe(10 * 20 * 10 * 8 + 10 * 10 * 8);
    expect(terms.find((term) => term.field === 'env.grid.actions')?.bytes).toBe(200 * (4 + 12) * 8);
    expect(terms.find((term) => term.what.includes('(S + K)'))?.bytes).toBe(100 * 30 * 8 * 4);
  });

  it('multiplies by replicas.count, adds the N×N matrix of exact W2, and counts steps as horizon/dt', () => {
    const one = estimateResources(resolveConfig({ particles: { count: 50 } }));
    const sliced = estimateResources(resolveConfig({ particles: { count: 50 }, replicas: { count: 3, w2: { method: 'sliced' } } }));
    expect(sliced.memoryBytes).toBe(3 * one.memoryBytes);
    const exact = estimateResources(resolveConfig({ particles: { count: 50 }, replicas: { count: 3 } }));
    expect(exact.memoryBytes).toBe(3 * (one.memoryBytes + 2 * 50 * 50 * 8));
    expect(estimateResources(resolveConfig({ flow: { dt: 0.05, horizon: 20 } })).steps).toBe(400);
  });

  it('refuses above the limits naming the field, the estimate and the option', () => {
    const check = (input: object, limits = { maxMemoryBytes: 2 ** 30, maxSteps: 1000 }) => {
      try {
        checkResourceLimits(resolveConfig(input), limits);
        return null;
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as ConfigError).message;
      }
    };
    expect(check({ particles: { count: 1e9 }, monitor: { klNeighbors: 1 } })).toMatch(/^particles\.count: given 1000000000; .*estimated .*--max-memory/);
    expect(check({ env: { grid: { states: 1e6 } } })).toMatch(/^env\.grid\.states: given 1000000;/);
    expect(check({ flow: { dt: 1e-300 } })).toMatch(/at most 1000 steps .*--max-steps/);
    expect(check({ replicas: { count: 1e6 } })).toMatch(/^replicas\.count: given 1000000;/);
    expect(check({})).toBeNull();
  });

  it('parses sizes and counts', () => {
    expect(parseByteSize('16GiB')).toBe(16 * 2 ** 30);
    expect(parseByteSize('512MB')).toBe(512e6);
    expect(parseByteSize('1024')).toBe(1024);
    expect(() => parseByteSize('lots')).toThrow(/--max-memory/);
    expect(() => parseByteSize('0')).toThrow(ConfigError);
    expect(parsePositiveCount('1e6', '--max-steps')).toBe(1e6);
    expect(() => parsePositiveCount('2.5', '--max-steps')).toThrow(/--max-steps/);
    expect(formatBytes(3 * 2 ** 30)).toBe('3.00 GiB');
  });
});
