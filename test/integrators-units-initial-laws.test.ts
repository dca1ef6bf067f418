import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bindPlugin, ConfigError, createFlow, GaussianPrior, listPlugins, type ParameterPrior } from 'mfpg';
import { ContainerModule } from 'inversify';
import { describe, expect, it } from 'vitest';
import { freshDirectory, runCli, withOverrides } from './helpers';

/** A tiny B3 run: 6×6 grid, 8 particles, 5 steps. */
const tiny = (overrides: Record<string, unknown> = {}) => ({
  env: { name: 'controlled-torus', grid: { states: 6, actions: 6 } },
  particles: { count: 8 },
  flow: { dt: 0.1, horizon: 0.5 },
  ...overrides,
});

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('registration by name', () => {
  it('lists the units, integrators and initial laws', () => {
    const { container } = createFlow(tiny());
    const names = (point: 'unit' | 'integrator' | 'initialLaw') => listPlugins(container, point).map((descriptor) => descriptor.name).sort();
    expect(names('unit')).toEqual(expect.arrayContaining(['linear', 'neuron', 'separable']));
    expect(names('integrator')).toEqual(expect.arrayContaining(['deterministic', 'euler-maruyama', 'heun', 'leimkuhler-matthews', 'ou-lie', 'ou-strang']));
    expect(names('initialLaw')).toEqual(expect.arrayContaining(['file', 'gaussian', 'uniform']));
  });

  it.each([
    ['euler-maruyama', 'neuron'],
    ['ou-lie', 'separable'],
    ['ou-strang', 'linear'],
    ['heun', 'neuron'],
    ['leimkuhler-matthews', 'separable'],
  ])('%s with the %s unit runs to the horizon, and the same seed gives the same particles', async (integrator, unit) => {
    const run = async () => {
      const { engine } = createFlow(tiny({ flow: { integrator, dt: 0.1, horizon: 0.5 }, policy: { unit } }));
      await engine.run();
      expect(engine.step).toBe(5);
      return Array.from(engine.theta);
    };
    const first = await run();
    expect(first.every(Number.isFinite)).toBe(true);
    expect(await run()).toEqual(first);
  });

  it('deterministic ascent runs with σ = 0 and is refused for σ > 0 before any work', async () => {
    const { engine } = createFlow(tiny({ flow: { integrator: 'deterministic', dt: 0.1, horizon: 0.5 }, regularization: { sigma: 0 } }));
    await engine.run();
    const error = configError(() => createFlow(tiny({ flow: { integrator: 'deterministic', dt: 0.1, horizon: 0.5 }, regularization: { sigma: 0.5 } })));
    expect(error.issues[0].field).toBe('flow.integrator');
    expect(error.message).toMatch(/regularization.sigma = 0/);
  });

  it('OU splitting is refused for a prior that is not exactly Gaussian', () => {
    const gaussian = new GaussianPrior(1);
    const quartic: ParameterPrior = {
      name: 'quartic',
      potential: (theta) => Array.from(theta).reduce((a, t) => a + t ** 4 / 4, 0),
      addGradient: (theta, scale, out) => theta.forEach((t, k) => (out[k] += scale * t ** 3)),
      logNormalizer: () => 0,
      sample: (rng, out, offset, dim) => gaussian.sample(rng, out, offset, dim),
    };
    const module = new ContainerModule((options) => bindPlugin(options, { point: 'prior', name: 'quartic', description: 'U = Σθ⁴/4' }, { useFactory: () => quartic }));
    for (const integrator of ['ou-lie', 'ou-strang']) {
      const error = configError(() => createFlow(tiny({ flow: { integrator, dt: 0.1, horizon: 0.5 }, regularization: { prior: 'quartic' } }), { modules: [module] }));
      expect(error.issues[0]).toMatchObject({ field: 'flow.integrator', given: integrator });
      expect(error.message).toMatch(/prior quartic is not the quadratic/);
    }
  });

  it('the CLI exits 2 for deterministic ascent with σ > 0', async () => {
    const { code, stderr } = await runCli(['run', ...withOverrides('flow.integrator=deterministic', 'env.grid.states=6', 'env.grid.actions=6'), '--out', freshDirectory()]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/flow.integrator/);
  });
});

describe('initial laws from the config', () => {
  it('uniform: every coordinate in its box, scalar or per coordinate', () => {
    const low = [-1, 0, 2, -3, 0, 1];
    const high = [1, 0.5, 3, -2, 4, 1.5];
    const { engine } = createFlow(tiny({ particles: { count: 50, init: { name: 'uniform', low, high } } }));
    expect(engine.dim).toBe(6);
    engine.theta.forEach((t, j) => {
      expect(t).toBeGreaterThanOrEqual(low[j % 6]);
      expect(t).toBeLessThan(high[j % 6]);
    });
    const scalar = createFlow(tiny({ particles: { count: 50, init: { name: 'uniform', low: -0.25, high: 0.25 } } })).engine;
    expect(Math.max(...scalar.theta.map(Math.abs))).toBeLessThanOrEqual(0.25);
  });

  it('file: a run’s particles come back exactly, and a wrong N or d is a ConfigError', () => {
    const { engine } = createFlow(tiny({ seed: 4 }));
    const rows = Array.from({ length: engine.particleCount }, (_, i) => Array.from(engine.theta.subarray(i * engine.dim, (i + 1) * engine.dim)));
    const path = join(freshDirectory(), 'particles.json');
    writeFileSync(path, JSON.stringify({ step: 0, t: 0, particleCount: engine.particleCount, dim: engine.dim, theta: rows }));
    const restored = createFlow(tiny({ particles: { count: 8, init: { name: 'file', path } } })).engine;
    expect(Array.from(restored.theta)).toEqual(Array.from(engine.theta));

    const wrongCount = configError(() => createFlow(tiny({ particles: { count: 9, init: { name: 'file', path } } })));
    expect(wrongCount.issues[0].field).toBe('particles.init.path');
    expect(wrongCount.message).toMatch(/N = 9 rows.*file has 8 rows/);
    const wrongDim = configError(() => createFlow(tiny({ particles: { count: 8, init: { name: 'file', path } }, policy: { unit: 'linear' } })));
    expect(wrongDim.message).toMatch(/row 0 has 6 entries \(the unit and environment give d = 4\)/);
  });

  it('the CLI takes a whole law through --set and runs from a previous run’s particles.json', async () => {
    const first = freshDirectory();
    const base = ['env.grid.states=6', 'env.grid.actions=6', 'particles.count=8', 'flow.horizon=0.2', 'flow.dt=0.1'];
    expect((await runCli(['run', ...withOverrides(...base, 'particles.init={"name":"uniform","low":-0.5,"high":0.5}'), '--out', first])).code).toBe(0);
    const previous = join(first, 'particles.json');
    const second = await runCli(['run', ...withOverrides(...base, `particles.init={"name":"file","path":${JSON.stringify(previous)}}`), '--out', freshDirectory()]);
    expect(second.code).toBe(0);
    const wrong = await runCli(['run', ...withOverrides(...base.slice(0, 2), 'particles.count=9', `particles.init={"name":"file","path":${JSON.stringify(previous)}}`), '--out', freshDirectory()]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/particles.init.path/);
  });

  it.each([
    [{ name: 'uniform', low: [0, 0], high: 1 }, 'particles.init.low', /2 entries, but the parameter dimension is d = 6/],
    [{ name: 'uniform', low: 1, high: 0 }, 'particles.init.high', /low < high/],
    [{ name: 'uniform', low: 0 }, 'particles.init.high', /upper corner/],
    [{ name: 'gaussian', mean: [0, 1] }, 'particles.init', /mean has 2 entries but the parameter dimension is 6/],
    [{ name: 'gaussian', std: -1 }, 'particles.init', /std must be finite and ≥ 0/],
    [{ name: 'gaussian', low: 0 }, 'particles.init.low', /no key "low" for initial law gaussian; its keys: name, mean, std/],
    [{ name: 'sobol' }, 'particles.init.name', /one of file, gaussian, uniform$/],
  ])('%j is a ConfigError on %s', (init, field, message) => {
    const error = configError(() => createFlow(tiny({ particles: { count: 8, init } })));
    expect(error.issues[0].field).toBe(field);
    expect(error.message).toMatch(message);
  });
});
