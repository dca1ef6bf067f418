import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkEnvironment, ControlledTorus, LinearQuadratic, MountainCarContinuous, createRandom, type Environment, type EnvironmentReport, GaussianMeasure, type Random } from 'mfpg';
import { freshDirectory, readJsonl, runCli } from './helpers';

const statusOf = (report: EnvironmentReport) => Object.fromEntries(report.checks.map((check) => [check.name, check.status]));
const failing = (report: EnvironmentReport) => report.checks.filter((check) => check.status === 'fail').map((check) => check.name);

/** s' = 0.5 s + a + N(0, 1) on R, μ = N(0, 1), ρ = N(0, 1): exercises the importance-sampling path. */
class GaussianWalk implements Environment {
  readonly id = 'gaussian-walk';
  readonly stateSpace = { kind: 'euclidean', dim: 1 } as const;
  readonly actionSpace = { kind: 'euclidean', dim: 1 } as const;
  readonly actionMeasure = new GaussianMeasure([0], [1]);
  readonly gamma = 0.9;
  readonly featureDim = 2;
  constructor(readonly densityScale = 1) {}
  features(s: ArrayLike<number>, a: ArrayLike<number>, out: Float64Array, offset: number): void {
    out[offset] = Math.tanh(s[0]);
    out[offset + 1] = Math.tanh(a[0]);
  }
  reward(s: ArrayLike<number>, a: ArrayLike<number>): number {
    return -s[0] * s[0] - 0.1 * a[0] * a[0];
  }
  sampleInitialState(rng: Random, out: Float64Array): void {
    out[0] = rng.normal();
  }
  sampleNextState(s: ArrayLike<number>, a: ArrayLike<number>, rng: Random, out: Float64Array): void {
    out[0] = 0.5 * s[0] + a[0] + rng.normal();
  }
  initialDensity(s: ArrayLike<number>): number {
    return Math.exp(-0.5 * s[0] * s[0]) / Math.sqrt(2 * Math.PI);
  }
  transitionDensity(s: ArrayLike<number>, a: ArrayLike<number>, next: ArrayLike<number>): number {
    const z = next[0] - 0.5 * s[0] - a[0];
    return (this.densityScale * Math.exp(-0.5 * z * z)) / Math.sqrt(2 * Math.PI);
  }
}

describe('checkEnvironment', () => {
  it('passes B3 (controlled torus) on every check', () => {
    const report = checkEnvironment(new ControlledTorus(), createRandom(1));
    expect(failing(report)).toEqual([]);
    expect(report.checks.filter((check) => check.status === 'pass')).toHaveLength(report.checks.length);
  });

  it('passes a correct euclidean environment by importance sampling, and fails a density off by 10%', () => {
    expect(failing(checkEnvironment(new GaussianWalk(), createRandom(2)))).toEqual([]);
    // 4000 importance draws give a standard error of ~1% on ∫p: a 10% error is ~10 SE away.
    expect(failing(checkEnvironment(new GaussianWalk(1.1), createRandom(2)))).toEqual(['transition density normalises']);
  });

  it('passes the built-in euclidean benchmark B4 (lq)', () => {
    expect(failing(checkEnvironment(new LinearQuadratic(), createRandom(5)))).toEqual([]);
  });

  it('passes MountainCar, whose grid values stay below its bound of 100; fails it without its terminal states', () => {
    const env = new MountainCarContinuous();
    const report = checkEnvironment(env, createRandom(6));
    expect(failing(report)).toEqual([]);
    expect(statusOf(report)['discounted values within the reward bound']).toBe('pass');
    // Without isTerminal the interpolated goal is collected again and again (V* ≈ 700 > 100).
    const leaky = Object.assign(Object.create(env) as MountainCarContinuous, { isTerminal: undefined });
    expect(failing(checkEnvironment(leaky, createRandom(6)))).toEqual(['discounted values within the reward bound']);
  });

  it('skips the density checks of a sampler-only environment', () => {
    const samplerOnly = new ControlledTorus() as Environment & { transitionDensity?: unknown; initialDensity?: unknown };
    Object.assign(samplerOnly, { transitionDensity: undefined, initialDensity: undefined });
    const report = checkEnvironment(samplerOnly, createRandom(3));
    expect(report.passed).toBe(true);
    expect(statusOf(report)['transition density normalises']).toBe('skip');
    expect(statusOf(report)['transition sampler matches its density']).toBe('skip');
  });

  const broken: [string, Partial<Environment> & Record<string, unknown>, string[]][] = [
    ['NaN rewards', { reward: () => Number.NaN }, ['rewards finite']],
    ['features of the wrong length', { featureDim: 5, separableFeatures: undefined }, ['features: length featureDim, finite']],
    ['a density twice too large', { transitionDensity: (s: ArrayLike<number>, a: ArrayLike<number>, n: ArrayLike<number>) => 2 * new ControlledTorus().transitionDensity(s, a, n) }, ['transition density normalises']],
    // A sampler shifted by 0.02 against its density (κP = 50: σ ≈ 0.023): |z| ≈ 40 at 4000 draws.
    [
      'a sampler that disagrees with its density',
      {
        sampleNextState(this: ControlledTorus, s: ArrayLike<number>, a: ArrayLike<number>, rng: Random, out: Float64Array) {
          ControlledTorus.prototype.sampleNextState.call(this, s, a, rng, out);
          out[0] = (out[0] + 0.02) % 1;
        },
      },
      ['transition sampler matches its density'],
    ],
    // Unwrapped and uniform: outside [0, 1), and (as a law) nothing like the von Mises density.
    [
      'states that leave the torus',
      { sampleNextState: (s: ArrayLike<number>, _a: ArrayLike<number>, rng: Random, out: Float64Array) => void (out[0] = s[0] + 1 + rng.uniform()) },
      ['next states lie in S', 'transition sampler matches its density'],
    ],
    ['randomness that ignores the seed', { sampleInitialState: (_rng: Random, out: Float64Array) => void (out[0] = Math.random()) }, ['seed determinism']],
  ];

  it.each(broken)('fails exactly the check for %s', (_label, patch, expected) => {
    const env = Object.assign(new ControlledTorus(), patch) as Environment;
    expect(failing(checkEnvironment(env, createRandom(4)))).toEqual(expected);
  });
});

describe('mfpg check-env', () => {
  it('prints PASS per check and exits 0 for a built-in environment', async () => {
    const { code, stdout } = await runCli(['check-env', 'controlled-torus', '--set', 'env.params.kappaP=10', '--samples', '1000']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/PASS {2}transition density normalises/);
    expect(stdout).toMatch(/all checks passed/);
  });

  it('exits 2 for an unknown environment or a bad parameter, 4 when a check fails', async () => {
    const unknown = await runCli(['check-env', 'moon-lander']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/env\.name.*moon-lander/s);
    expect((await runCli(['check-env', 'controlled-torus', '--set', 'env.params.kappaP=-1'])).code).toBe(2);
    expect((await runCli(['check-env', 'controlled-torus', '--samples', 'many'])).code).toBe(2);

    const plugin = join(freshDirectory(), 'leaky-torus.mjs');
    writeFileSync(
      plugin,
      `import { bindPlugin, ControlledTorus } from 'mfpg';
import { ContainerModule } from 'inversify';
class LeakyTorus extends ControlledTorus {
  id = 'leaky-torus';
  transitionDensity(s, a, next) { return 0.5 * super.transitionDensity(s, a, next); }
}
export default new ContainerModule((options) =>
  bindPlugin(options, { point: 'environment', name: 'leaky-torus', description: 'loses half its mass' }, { useFactory: () => new LeakyTorus() }));
`,
    );
    const { code, stdout } = await runCli(['check-env', 'leaky-torus', '--plugin', plugin, '--samples', '1000']);
    expect(code).toBe(4);
    expect(stdout).toMatch(/FAIL {2}transition density normalises: .*∫p\(s'\|s,a\) ds' = 0\.50000/);
    expect(stdout).toMatch(/1 check\(s\) FAILED/);
  });
});

describe('mfpg run with a misbehaving plugin', () => {
  it('exits 4 naming the plugin, keeping the metrics logged before the error', async () => {
    const base = freshDirectory();
    const plugin = join(base, 'nan-integrator.mjs');
    writeFileSync(
      plugin,
      `import { bindPlugin } from 'mfpg';
import { ContainerModule } from 'inversify';
let steps = 0;
const integrator = { name: 'nan-after-two', step: ({ theta }) => { if (++steps > 2) theta[0] = NaN; } };
export const module = new ContainerModule((options) =>
  bindPlugin(options, { point: 'integrator', name: 'nan-after-two', description: 'breaks at step 3' }, { useFactory: () => integrator }));
`,
    );
    const out = join(base, 'run');
    const args = ['run', '--plugin', plugin, '--out', out, '--no-progress'];
    for (const override of ['flow.integrator=nan-after-two', 'particles.count=8', 'env.grid.states=8', 'env.grid.actions=8', 'flow.horizon=0.5', 'monitor.every=1']) args.push('--set', override);
    const { code, stderr } = await runCli(args);
    expect(code).toBe(4);
    expect(stderr).toMatch(/plugin integrator 'nan-after-two': left θ = NaN at particle 0, coordinate 0/);
    expect(stderr).toContain(`metrics logged before the error are kept in ${out}`);
    expect(readJsonl(join(out, 'metrics.jsonl')).map((row) => row.step)).toEqual([0, 1, 2]);
  });
});

describe('a plugin that fails before any folder exists', () => {
  // The environment throws while the flow is built: no run folder was made, so none is mentioned.
  const plugin = () => {
    const file = join(freshDirectory(), 'throws-on-create.mjs');
    writeFileSync(file, `import { defineEnvironment, z } from 'mfpg';
export default defineEnvironment({ name: 'throws-on-create', description: 'cannot be built', params: z.object({}), create: () => { throw new Error('cannot build'); } });
`);
    return file;
  };

  it('mfpg run: exit 4 naming the plugin, no output folder claimed', async () => {
    const out = join(freshDirectory(), 'run');
    const { code, stderr } = await runCli(['run', '--plugin', plugin(), '--set', 'env.name=throws-on-create', '--out', out, '--no-progress']);
    expect(code).toBe(4);
    expect(stderr).toMatch(/cannot build/);
    expect(stderr).not.toMatch(/kept in/);
    expect(existsSync(out)).toBe(false);
  });

  it('mfpg check-env: exit 4 without a word about an output folder', async () => {
    const { code, stderr } = await runCli(['check-env', 'throws-on-create', '--plugin', plugin()]);
    expect(code).toBe(4);
    expect(stderr).toMatch(/cannot build/);
    expect(stderr).not.toMatch(/output folder|kept in/);
  });
});
