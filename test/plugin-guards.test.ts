import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ContainerModule } from 'inversify';
import { describe, expect, it } from 'vitest';
import { bindPlugin, ControlledTorus, createFlow, type Environment, type Integrator, type IntegratorStep, PluginError, runExperiment } from 'mfpg';
import { freshDirectory, readJsonl } from './helpers';

/**
 * A misbehaving plugin fails with a PluginError naming it, at the first step it shows — never a
 * silent NaN trajectory (issue 5, "Bad input"). Each broken plugin is registered under its own name.
 */
const small = { particles: { count: 10 }, env: { grid: { states: 12, actions: 12 } }, flow: { horizon: 0.2 }, monitor: { every: 1 } };

function environmentModule(name: string, make: () => Environment): ContainerModule {
  return new ContainerModule((options) => bindPlugin(options, { point: 'environment', name, description: 'broken on purpose' }, { useFactory: make }));
}

function integratorModule(integrator: Integrator): ContainerModule {
  return new ContainerModule((options) =>
    bindPlugin(options, { point: 'integrator', name: integrator.name, description: 'broken on purpose' }, { useFactory: () => integrator }),
  );
}

/** B3 with some members replaced (and its own id, which the error must name). */
const brokenTorus = (id: string, patch: Record<string, unknown>) => () => Object.assign(new ControlledTorus(), { id, ...patch }) as Environment;
const b3 = new ControlledTorus();

const NanReward = brokenTorus('nan-reward', { reward: () => Number.NaN });
/** NaN only at the single state s = 1/2 (a grid node): random probes miss it, the grid check does not. */
const PatchyReward = brokenTorus('patchy-reward', { reward: (s: ArrayLike<number>, a: ArrayLike<number>) => (s[0] === 0.5 ? Number.NaN : b3.reward(s, a)) });
const DoubledDensity = brokenTorus('doubled-density', { transitionDensity: (s: ArrayLike<number>, a: ArrayLike<number>, next: ArrayLike<number>) => 2 * b3.transitionDensity(s, a, next) });
/** featureDim disagrees with what features() writes (4 numbers); no separable features to give it away. */
const TooManyFeatures = brokenTorus('short-feature-dim', { featureDim: 3, separableFeatures: undefined });
const TooFewFeatures = brokenTorus('long-feature-dim', { featureDim: 5, separableFeatures: undefined });

describe('runtime guards: environments (checked once, before the first step)', () => {
  it.each([
    ['nan-reward', NanReward, /environment 'nan-reward'.*reward returned NaN/],
    ['patchy-reward', PatchyReward, /environment 'patchy-reward'.*reward returned NaN at grid state node 6, action node/],
    ['doubled-density', DoubledDensity, /environment 'doubled-density'.*transitionDensity.*integrates to (1\.9999|2\.0).*not 1/],
    ['short-feature-dim', TooManyFeatures, /environment 'short-feature-dim'.*wrote outside its 3 coordinates/],
    ['long-feature-dim', TooFewFeatures, /environment 'long-feature-dim'.*coordinate 4 NaN or unwritten/],
  ] as const)('%s → PluginError naming it', (name, make, message) => {
    const attempt = () => createFlow({ ...small, env: { ...small.env, name } }, { modules: [environmentModule(name, make)] });
    expect(attempt).toThrow(PluginError);
    expect(attempt).toThrow(message);
  });

  it('catches a NaN reward under Monte Carlo evaluation too (no grid): the sampled probes see it', () => {
    const attempt = () =>
      createFlow({ ...small, env: { ...small.env, name: 'nan-reward' }, evaluator: { name: 'monte-carlo', params: { states: 8, actionsPerState: 2 } } }, { modules: [environmentModule('nan-reward', NanReward)] });
    expect(attempt).toThrow(/environment 'nan-reward'/);
  });
});

describe('runtime guards: integrators (checked every step, O(N·d))', () => {
  const nanAfter = (steps: number): Integrator => {
    let count = 0;
    return {
      name: 'nan-integrator',
      step: ({ theta, drift, dt }: IntegratorStep) => {
        for (let k = 0; k < theta.length; k++) theta[k] += dt * drift[k];
        if (++count > steps) theta[3] = Number.NaN;
      },
    };
  };

  it('an integrator that leaves NaN: PluginError at that step, metrics logged so far kept', async () => {
    const out = join(freshDirectory(), 'run');
    const attempt = runExperiment({ ...small, flow: { ...small.flow, integrator: 'nan-integrator' } }, { out, modules: [integratorModule(nanAfter(2))] });
    await expect(attempt).rejects.toThrow(/integrator 'nan-integrator'.*left θ = NaN at particle 0, coordinate 3/);
    await expect(attempt).rejects.toBeInstanceOf(PluginError);
    expect(existsSync(join(out, 'metrics.jsonl'))).toBe(true);
    expect(readJsonl(join(out, 'metrics.jsonl')).map((row) => row.step)).toEqual([0, 1, 2]);
  });

  it('an integrator that returns a resized θ instead of updating it in place', async () => {
    const resizing: Integrator = { name: 'resizing', step: ({ theta }: IntegratorStep) => Float64Array.from(theta.subarray(1)) as unknown as void };
    const { engine } = createFlow({ ...small, flow: { ...small.flow, integrator: 'resizing' } }, { modules: [integratorModule(resizing)] });
    await expect(engine.run()).rejects.toThrow(/integrator 'resizing'.*returned an array of length 59.*in place/);
  });

  it('an integrator that asks for the drift of a buffer of the wrong shape', async () => {
    const shrinking: Integrator = {
      name: 'shrinking',
      step: async ({ theta, field }: IntegratorStep) => {
        await field(theta.subarray(0, 8), new Float64Array(8));
      },
    };
    const { engine } = createFlow({ ...small, flow: { ...small.flow, integrator: 'shrinking' } }, { modules: [integratorModule(shrinking)] });
    await expect(engine.run()).rejects.toThrow(/integrator 'shrinking'.*θ of length 8.*N×d = 10×6 = 60/);
  });
});
