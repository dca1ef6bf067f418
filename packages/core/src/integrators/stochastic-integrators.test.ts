import { describe, expect, it } from 'vitest';
import type { PolicyEvaluation } from '../plugin-points/evaluator';
import type { DriftField, Integrator, IntegratorStep } from '../plugin-points/integrator';
import type { ParameterPrior } from '../plugin-points/parameter-prior';
import type { Random, RandomState } from '../plugin-points/random';
import { createRandom, XoroshiroRandom } from '../math/random';
import { GaussianPrior } from '../priors/gaussian-prior';
import { DeterministicAscentIntegrator } from './deterministic-ascent-integrator';
import { HeunIntegrator } from './heun-integrator';
import { LeimkuhlerMatthewsIntegrator } from './leimkuhler-matthews-integrator';
import { OuLieIntegrator } from './ou-lie-integrator';
import { OuStrangIntegrator } from './ou-strang-integrator';

/** Normals ξ_j = c·(j + 1)·(±1) of call c (1, 2, …), recorded per call; every other draw throws. */
class ScriptedRandom implements Random {
  readonly counts: number[] = [];
  fillNormal(out: Float64Array, offset = 0, count = out.length - offset): void {
    this.counts.push(count);
    const call = this.counts.length;
    for (let j = 0; j < count; j++) out[offset + j] = scripted(call, j);
  }
  uniform(): number {
    throw new Error('unexpected uniform()');
  }
  normal(): number {
    throw new Error('unexpected normal()');
  }
  state(): RandomState {
    throw new Error('unexpected state()');
  }
  split(): Random {
    throw new Error('unexpected split()');
  }
}
const scripted = (call: number, j: number) => 0.1 * call * (j + 1) * (j % 2 === 0 ? 1 : -1);

const N = 2;
const D = 2;
/** A mean-field drift: b_i = (mean of the cloud) − θ_i/2 + (1, −1), coordinate-wise. */
function meanFieldDrift(theta: ArrayLike<number>): number[] {
  const mean = [0, 1].map((k) => (theta[k] + theta[D + k]) / N);
  return Array.from(theta, (t, j) => mean[j % D] - t / 2 + (j % D === 0 ? 1 : -1));
}
const unusedField: DriftField = () => {
  throw new Error('this integrator must not call the drift field');
};
const evaluation = { value: 0, points: { count: 0, dim: D, data: new Float64Array(0) }, weights: new Float64Array(0) } as PolicyEvaluation;

function harness(sigma: number, prior: ParameterPrior = new GaussianPrior(2)) {
  const theta0 = [1, -2, 0.5, 3];
  const calls: number[][] = [];
  const field: DriftField = async (theta, out) => {
    calls.push(Array.from(theta));
    out.set(meanFieldDrift(theta));
    return evaluation;
  };
  const rng = new ScriptedRandom();
  const theta = Float64Array.from(theta0);
  const step: IntegratorStep = { theta, drift: Float64Array.from(meanFieldDrift(theta0)), particleCount: N, dim: D, dt: 0.1, sigma, prior, rng, field };
  return { theta0, theta, step, rng, calls };
}

const add = (a: number[], b: number[], s = 1) => a.map((x, j) => x + s * b[j]);
const scale = (a: number[], s: number) => a.map((x) => s * x);
const noiseOf = (call: number) => Array.from({ length: N * D }, (_, j) => scripted(call, j));
/** The exact OU flow over h for σ, s0 with the given noise. */
const ou = (theta: number[], h: number, sigma: number, s0: number, xi: number[]) => {
  const kappa = (sigma * sigma) / (2 * s0 * s0);
  return add(scale(theta, Math.exp(-kappa * h)), scale(xi, s0 * Math.sqrt(1 - Math.exp(-2 * kappa * h))));
};

function expectClose(actual: Float64Array, expected: number[]) {
  expected.forEach((value, j) => expect(actual[j], `entry ${j}`).toBeCloseTo(value, 14));
}

describe('one step computed by hand (σ = 0.8, s0 = 2, h = 0.1, N = d = 2)', () => {
  const sigma = 0.8;
  const s0 = 2;
  const h = 0.1;
  const kappa = (sigma * sigma) / (2 * s0 * s0);

  it('ou-lie: Euler drift step, then the exact OU step; one draw of N·d, no evaluation', async () => {
    const { theta0, theta, step, rng, calls } = harness(sigma);
    await new OuLieIntegrator().step(step);
    expectClose(theta, ou(add(theta0, meanFieldDrift(theta0), h), h, sigma, s0, noiseOf(1)));
    expect(rng.counts).toEqual([N * D]);
    expect(calls).toHaveLength(0);
  });

  it('ou-strang: OU(h/2), Heun drift step of the whole cloud, OU(h/2); two draws, two evaluations', async () => {
    const { theta0, theta, step, rng, calls } = harness(sigma);
    await new OuStrangIntegrator().step(step);
    const first = ou(theta0, h / 2, sigma, s0, noiseOf(1));
    const b1 = meanFieldDrift(first);
    const predictor = add(first, b1, h);
    const drifted = add(first, add(b1, meanFieldDrift(predictor)), h / 2);
    expectClose(theta, ou(drifted, h / 2, sigma, s0, noiseOf(2)));
    expect(rng.counts).toEqual([N * D, N * D]);
    expect(calls.map((c) => c.map((x) => Number(x.toFixed(12))))).toEqual([first, predictor].map((c) => c.map((x) => Number(x.toFixed(12)))));
  });

  it('heun: joint predictor and trapezoidal corrector with the same ξ; one draw, one evaluation', async () => {
    const { theta0, theta, step, rng, calls } = harness(sigma);
    await new HeunIntegrator().step(step);
    const rate = (t: number[]) => add(meanFieldDrift(t), t, -kappa); // −(σ²/2)∇U = −κθ
    const noise = scale(noiseOf(1), sigma * Math.sqrt(h));
    const predictor = add(add(theta0, rate(theta0), h), noise);
    expectClose(theta, add(add(theta0, add(rate(theta0), rate(predictor)), h / 2), noise));
    expect(rng.counts).toEqual([N * D]);
    expect(calls).toHaveLength(1);
  });

  it('leimkuhler-matthews: averages ξ_n and ξ_{n+1}; draws 2·N·d on the first step, N·d after, again 2·N·d after reset()', async () => {
    const { theta0, theta, step, rng, calls } = harness(sigma);
    const integrator = new LeimkuhlerMatthewsIntegrator();
    await integrator.step(step);
    const rate = (t: number[]) => add(meanFieldDrift(t), t, -kappa);
    const first = add(add(theta0, rate(theta0), h), scale(add(noiseOf(1), noiseOf(2)), (sigma * Math.sqrt(h)) / 2));
    expectClose(theta, first);
    step.drift.set(meanFieldDrift(first));
    await integrator.step(step);
    expectClose(theta, add(add(first, rate(first), h), scale(add(noiseOf(2), noiseOf(3)), (sigma * Math.sqrt(h)) / 2)));
    expect(rng.counts).toEqual([N * D, N * D, N * D]);
    integrator.reset();
    await integrator.step(step);
    expect(rng.counts).toEqual([N * D, N * D, N * D, N * D, N * D]);
    expect(calls).toHaveLength(0);
  });
});

describe('leimkuhler-matthews state through checkpoints', () => {
  it('saveState/restoreState continue a run exactly', async () => {
    const advance = async (integrator: LeimkuhlerMatthewsIntegrator, theta: Float64Array, rng: Random, steps: number) => {
      const drift = new Float64Array(theta.length);
      for (let n = 0; n < steps; n++) {
        drift.set(meanFieldDrift(theta));
        await integrator.step({ theta, drift, particleCount: N, dim: D, dt: 0.1, sigma: 0.8, prior: new GaussianPrior(2), rng, field: unusedField });
      }
    };
    const original = new LeimkuhlerMatthewsIntegrator();
    expect(original.saveState()).toBeNull();
    const rng = createRandom(5);
    const theta = Float64Array.from([1, -2, 0.5, 3]);
    await advance(original, theta, rng, 3);
    const saved = JSON.parse(JSON.stringify({ noise: original.saveState(), random: rng.state(), theta: Array.from(theta) }));
    await advance(original, theta, rng, 2);

    const resumed = new LeimkuhlerMatthewsIntegrator();
    resumed.restoreState(saved.noise);
    const resumedTheta = Float64Array.from(saved.theta);
    await advance(resumed, resumedTheta, XoroshiroRandom.fromState(saved.random), 2);
    expect(Array.from(resumedTheta)).toEqual(Array.from(theta));
    expect(() => resumed.restoreState([1, Number.NaN])).toThrow(/restoreState/);
  });
});

describe('σ = 0: deterministic ascent, no draws', () => {
  const euler = (theta0: number[]) => add(theta0, meanFieldDrift(theta0), 0.1);
  it.each([new OuLieIntegrator(), new LeimkuhlerMatthewsIntegrator(), new DeterministicAscentIntegrator()])('$name is explicit Euler', async (integrator: Integrator) => {
    const { theta0, theta, step, rng } = harness(0);
    await integrator.step(step);
    expectClose(theta, euler(theta0));
    expect(rng.counts).toEqual([]);
  });

  it.each([new HeunIntegrator(), new OuStrangIntegrator()])('$name is Heun’s RK2 with one evaluation', async (integrator: Integrator) => {
    const { theta0, theta, step, rng, calls } = harness(0);
    await integrator.step(step);
    const predictor = add(theta0, meanFieldDrift(theta0), 0.1);
    expectClose(theta, add(theta0, add(meanFieldDrift(theta0), meanFieldDrift(predictor)), 0.05));
    expect(rng.counts).toEqual([]);
    expect(calls).toHaveLength(1);
  });
});

describe('bad input', () => {
  const integrators = [new OuLieIntegrator(), new OuStrangIntegrator(), new HeunIntegrator(), new LeimkuhlerMatthewsIntegrator(), new DeterministicAscentIntegrator()];

  it.each(integrators)('$name rejects wrong shapes, dt ≤ 0 and σ < 0 before moving θ', async (integrator: Integrator) => {
    const sigma = integrator.name === 'deterministic' ? 0 : 1;
    for (const change of [{ drift: new Float64Array(3) }, { dim: 3 }, { dt: 0 }, { sigma: -1 }, { particleCount: 1.5 }]) {
      const { theta0, theta, step } = harness(sigma);
      await expect(async () => integrator.step({ ...step, ...change })).rejects.toThrow(new RegExp(integrator.name));
      expect(Array.from(theta)).toEqual(theta0);
    }
  });

  it.each([new OuLieIntegrator(), new OuStrangIntegrator()])('$name refuses a prior without a Gaussian scale s0', async (integrator: Integrator) => {
    const gaussian = new GaussianPrior(1);
    const quartic: ParameterPrior = {
      name: 'quartic',
      potential: (theta) => Array.from(theta).reduce((a, t) => a + t ** 4, 0),
      addGradient: (theta, s, out) => theta.forEach((t, k) => (out[k] += 4 * s * t ** 3)),
      logNormalizer: () => 0,
      sample: (rng, out, offset, dim) => gaussian.sample(rng, out, offset, dim),
    };
    const { step } = harness(1, quartic);
    await expect(async () => integrator.step(step)).rejects.toThrow(/quadratic prior.*'quartic'.*s0/);
  });

  it('deterministic refuses σ > 0', () => {
    const { step } = harness(0.5);
    expect(() => new DeterministicAscentIntegrator().step(step)).toThrow(/sigma = 0.*σ = 0\.5/);
  });
});
