import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@mfpg/core';
import { assertDistinctAxes, gridSize, parseGridAxis } from '../../packages/mfpg/src/sweeps/grid-axis';
import { freshDirectory, runCli } from '../helpers';
import { folderSnapshot } from './folder-snapshot';
import { CASE_SECONDS, expectContract, expectPrototypesClean, fuzzParameters } from './fuzz-settings';

/**
 * Generated configs, overrides and grids against the CLI's main function (in-process: no process
 * per case). Contract: exit 0 (a valid config ran), 2 naming a field with nothing written, 3
 * (divergence) or 4 (plugin); never a stack trace; Object.prototype untouched; bounded time.
 */
const keys = [
  'seed', 'particles.count', 'particles.initSeed', 'particles.init.name', 'particles.init.mean', 'particles.init.std',
  'env.name', 'env.grid.states', 'env.grid.actions', 'env.params.gamma', 'env.params',
  'flow.dt', 'flow.horizon', 'flow.integrator', 'flow.maxParticleNorm',
  'regularization.tau', 'regularization.sigma', 'regularization.s0',
  'policy.unit', 'policy.activation', 'policy.outputBound',
  'monitor.every', 'monitor.klNeighbors', 'replicas.count', 'replicas.noise', 'evaluator.name', 'backend.name',
];
const hostile = ['__proto__', 'constructor', 'prototype'];
/** Values that stress parsing and ranges while keeping the valid cases tiny (N ≤ 50, small grids). */
const value = fc.oneof(
  fc.constantFrom(0, 1, 2, 3, 8, 50, 2.5, -1, 1e9, 1e-300, 1e300, 0.05, 0.5, 0.99, 1.5),
  fc.constantFrom('abc', '', 'NaN', 'Infinity', 'lq', 'pendulum', 'heun', 'tanh', 'gaussian', 'grid', 'cpu', 'shared'),
  fc.constantFrom(null, true, false, [], {}, [1, 2], { name: 'x' }, { __proto__: null, polluted: 1 }),
  fc.jsonValue({ maxDepth: 2 }),
);
const key = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...keys) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...keys), fc.constantFrom(...hostile), fc.nat(3)).map(([k, h, at]) => { const parts = k.split('.'); parts.splice(Math.min(at, parts.length), 0, h); return parts.join('.'); }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);
const override = fc.tuple(key, value).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);

const base = ['particles.count=30', 'env.grid.states=8', 'env.grid.actions=8', 'flow.horizon=0.5', 'monitor.sinks.plots=false'];
/** Tight limits so that every accepted case is a small, quick flow. */
const limits = ['--max-steps', '40', '--max-memory', '32MiB'];

async function runCase(args: string[], out: string) {
  const started = Date.now();
  const result = await runCli(args);
  expectContract(result, [0, 2, 3, 4]);
  if (result.code === 2) expect(existsSync(out), result.stderr).toBe(false);
  expectPrototypesClean();
  expect((Date.now() - started) / 1000).toBeLessThan(CASE_SECONDS);
  return result;
}

describe('fuzz: configs, overrides and grids', () => {
  it('generated --set overrides', { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(override, { minLength: 1, maxLength: 4 }), async (overrides) => {
        const out = join(freshDirectory(), 'out');
        await runCase(['run', ...[...base, ...overrides].flatMap((o) => ['--set', o]), ...limits, '--no-progress', '--out', out], out);
      }),
      fuzzParameters(50),
    );
  });

  it('generated combinations of valid values run, or are refused naming a field', { timeout: 600_000 }, async () => {
    // Each key with values its schema accepts: what may still fail is how they combine (exit 2 naming a field, or 4).
    const valid: Record<string, readonly unknown[]> = {
      'env.name': ['controlled-torus', 'torus-bandit', 'action-independent-torus', 'lq', 'pitchfork', 'pendulum', 'mountain-car-continuous', 'finite'],
      'flow.integrator': ['euler-maruyama', 'ou-lie', 'ou-strang', 'heun', 'leimkuhler-matthews', 'deterministic'],
      'policy.unit': ['neuron', 'separable', 'linear'],
      'policy.activation': ['tanh', 'sigmoid', 'softplus', 'sin'],
      'policy.outputBound': [null, 1, 3],
      'regularization.sigma': [0, 0.3, 2],
      'regularization.tau': [0.05, 1],
      'particles.count': [2, 7, 30],
      'particles.init': [{ name: 'uniform', low: -1, high: 1 }, { name: 'gaussian', mean: 0.5, std: 2 }],
      'flow.dt': [0.01, 0.1, 0.5],
      'monitor.every': [1, 3],
      'replicas.count': [1, 2],
      'evaluator.name': ['grid', 'monte-carlo'],
      seed: [0, 4294967295],
    };
    const pick = fc.constantFrom(...Object.keys(valid)).chain((k) => fc.constantFrom(...valid[k]).map((v) => `${k}=${JSON.stringify(v)}`));
    let ran = 0;
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(pick, { minLength: 1, maxLength: 5, selector: (o) => o.split('=')[0] }), async (overrides) => {
        const out = join(freshDirectory(), 'out');
        const { code } = await runCase(['run', ...[...base, 'env.grid.states=6', 'env.grid.actions=6', ...overrides].flatMap((o) => ['--set', o]), ...limits, '--no-progress', '--out', out], out);
        if (code === 0) ran++;
      }),
      fuzzParameters(15),
    );
    // The generator is meant to reach real runs, not only refusals.
    expect(ran).toBeGreaterThan(0);
  });

  it('generated config files (JSON and YAML), hostile keys and deep nesting included', { timeout: 600_000 }, async () => {
    const section = fc.dictionary(fc.oneof(fc.constantFrom(...keys.map((k) => k.split('.')[0]), ...hostile), fc.string({ maxLength: 8 })), value, { maxKeys: 3 });
    await fc.assert(
      fc.asyncProperty(section, fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 100_000 })), fc.boolean(), async (generated, depth, yaml) => {
        const directory = freshDirectory();
        const file = join(directory, yaml ? 'config.yaml' : 'config.json');
        // Deep nesting is written as text (JSON is also YAML): no serializer here may recurse that deep.
        const text = depth > 0 ? JSON.stringify({ ...generated, env: '@DEEP@' }).replace('"@DEEP@"', `${'['.repeat(depth)}1${']'.repeat(depth)}`) : yaml ? stringify(generated) : JSON.stringify(generated);
        writeFileSync(file, text);
        const out = join(directory, 'out');
        await runCase(['run', file, ...base.flatMap((o) => ['--set', o]), ...limits, '--no-progress', '--out', out], out);
      }),
      fuzzParameters(25),
    );
  });

  it('generated --grid entries: parsed or refused with a ConfigError, never another error', () => {
    const values = fc.oneof(
      fc.array(fc.oneof(fc.constantFrom('0', '1', '0.5', 'abc', '{"__proto__":1}', '[1]', 'null', '{"constructor":{}}'), fc.string({ maxLength: 6 })), { minLength: 1, maxLength: 4 }).map((list) => list.join(',')),
      fc.tuple(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: -1e9, max: 1e9 })).map(([a, b]) => `${a}..${b}`),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(key, values).map(([k, v]) => `${k}=${v}`), { minLength: 1, maxLength: 4 }), (entries) => {
        try {
          const axes = entries.map(parseGridAxis);
          assertDistinctAxes(axes);
          expect(new Set(axes.map((axis) => axis.key)).size).toBe(axes.length);
          expect(gridSize(axes)).toBeGreaterThanOrEqual(1);
          for (const axis of axes) expect(axis.key.split('.').some((part) => ['__proto__', 'constructor', 'prototype'].includes(part))).toBe(false);
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigError);
        }
        expectPrototypesClean();
      }),
      fuzzParameters(300),
    );
  });

  it('generated sweeps through the CLI: refused (exit 2) before the sweep folder exists', { timeout: 600_000 }, async () => {
    const entry = fc.tuple(key, fc.oneof(fc.constantFrom('0,1', '0..3', '0..99999', '1e9,1', 'abc', '', '0.1,0.2', '{"__proto__":{}}'))).map(([k, v]) => `${k}=${v}`);
    await fc.assert(
      fc.asyncProperty(fc.array(entry, { minLength: 1, maxLength: 3 }), async (entries) => {
        const out = join(freshDirectory(), 'sweep');
        // A last axis of two values and --max-runs 1: every grid is refused, by its own fault or by its size, so no worker starts.
        const args = ['sweep', ...base.flatMap((o) => ['--set', o]), ...entries.flatMap((e) => ['--grid', e]), '--grid', 'particles.initSeed=0,1', '--max-runs', '1', '--out', out];
        const result = await runCli(args);
        expectContract(result, [2]);
        expect(folderSnapshot(out)).toBeNull();
        expectPrototypesClean();
      }),
      fuzzParameters(40),
    );
  });
});
