import { describe, expect, it } from 'vitest';
import { SoftplusActivation } from '../activations/softplus-activation';
import { TanhActivation } from '../activations/tanh-activation';
import { ConfigError, PluginError } from '../errors';
import { besselI1OverI0, logBesselI0 } from '../math/bessel';
import { createRandom } from '../math/random';
import { UniformTorusMeasure } from '../measures/uniform-torus-measure';
import type { Environment } from '../plugin-points/environment';
import type { PolicyNetwork } from '../plugin-points/evaluator';
import type { Unit } from '../plugin-points/unit';
import { NeuronUnit } from '../units/neuron-unit';
import { logitBound } from './logit-bound';
import { RejectionActionSampler } from './rejection-action-sampler';

const TWO_PI = 2 * Math.PI;

/** One state, actions on the torus, features (cos 2πa, sin 2πa). */
const bandit: Environment = {
  id: 'test-bandit',
  stateSpace: { kind: 'finite', dim: 1, size: 1 },
  actionSpace: { kind: 'torus', dim: 1 },
  actionMeasure: new UniformTorusMeasure(1),
  gamma: 0,
  featureDim: 2,
  features: (_s, a, out, offset) => {
    out[offset] = Math.cos(TWO_PI * a[0]);
    out[offset + 1] = Math.sin(TWO_PI * a[0]);
  },
  reward: () => 0,
  sampleInitialState: (_rng, out) => void (out[0] = 0),
  sampleNextState: (_s, _a, _rng, out) => void (out[0] = 0),
};

/** f(a) = α cos 2πa: π = von Mises, Z = I0(α), E_π[cos 2πa] = I1(α)/I0(α). */
const vonMisesLogits = (alpha: number): PolicyNetwork => ({
  forward(points, out) {
    for (let j = 0; j < points.count; j++) out[j] = alpha * points.data[j * points.dim];
  },
});

const meanAndError = (xs: Float64Array) => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1);
  return { mean, se: Math.sqrt(variance / xs.length) };
};

describe('RejectionActionSampler', () => {
  // Exactness: the accepted actions follow π exactly, and M − H_G is unbiased for log Z, even when
  // the envelope is loose (α = 3, M = 2α: acceptance I0(3)e^{−6} ≈ 1.2%). Tolerance: 4 standard
  // errors of the sample mean, n = 4000 requests.
  it.each([
    [1, 1],
    [3, 6],
  ])('samples π ∝ e^{α cos 2πa} exactly and estimates log Z without bias (α = %d, M = %d)', async (alpha, bound) => {
    const n = 4000;
    const sampler = new RejectionActionSampler(bandit, n, 512);
    await sampler.sample(vonMisesLogits(alpha), n, bound, createRandom(3));
    const cosines = new Float64Array(n);
    const logZ = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      cosines[r] = Math.cos(TWO_PI * sampler.action(r)[0]);
      logZ[r] = bound - sampler.harmonic[r];
      expect(sampler.logits[r]).toBeCloseTo(alpha * cosines[r], 12);
    }
    const cosine = meanAndError(cosines);
    expect(Math.abs(cosine.mean - besselI1OverI0(alpha))).toBeLessThanOrEqual(4 * cosine.se);
    const estimate = meanAndError(logZ);
    expect(Math.abs(estimate.mean - logBesselI0(alpha))).toBeLessThanOrEqual(4 * estimate.se);
    // The test has power: the bias of the naive log Z ≈ M (no harmonic correction) is −log p ≫ 4 SE.
    expect(4 * estimate.se).toBeLessThan(bound - logBesselI0(alpha));
    expect(sampler.accepted).toBe(n);
  });

  it('is deterministic for a seed and uses a fixed number of proposals per forward call', async () => {
    const counts: number[] = [];
    const network: PolicyNetwork = {
      forward(points, out) {
        counts.push(points.count);
        vonMisesLogits(1).forward(points, out);
      },
    };
    const run = async () => {
      const sampler = new RejectionActionSampler(bandit, 50, 16);
      await sampler.sample(network, 50, 1, createRandom(9));
      return Array.from(sampler.actions);
    };
    expect(await run()).toEqual(await run());
    expect(new Set(counts)).toEqual(new Set([16]));
  });

  it('reports a network that exceeds the bound (inexact rejection) or returns NaN', async () => {
    const sampler = new RejectionActionSampler(bandit, 4, 4);
    await expect(sampler.sample(vonMisesLogits(2), 4, 1, createRandom(0))).rejects.toThrow(/exceeds the bound M = 1/);
    await expect(sampler.sample(vonMisesLogits(Number.NaN), 4, 1, createRandom(0))).rejects.toThrow(PluginError);
  });
});

describe('logitBound', () => {
  it('bounds a neuron network by (1/N) Σ |ℓ(c_i)| sup|ϱ|, and the bound holds', () => {
    const unit = new NeuronUnit(new TanhActivation(), 2);
    const theta = Float64Array.from([1, 0.3, -2, 0.5, /**/ -4, 1, 1, 1]);
    const bound = logitBound(unit, 2, 4)(theta);
    expect(bound).toBeCloseTo((2 * Math.tanh(0.5) + 2 * Math.tanh(2)) / 2, 14);
    for (let a = 0; a < 1; a += 0.01) {
      const x = [Math.cos(TWO_PI * a), Math.sin(TWO_PI * a)];
      const f = (unit.value(theta.subarray(0, 4), x) + unit.value(theta.subarray(4), x)) / 2;
      expect(f).toBeLessThanOrEqual(bound);
    }
  });

  it('refuses unbounded activations and units without a supremum, and uses a declared one', () => {
    expect(() => logitBound(new NeuronUnit(new SoftplusActivation(), 3), 1, 4)).toThrow(ConfigError);
    const linear: Unit = { kind: 'linear', parameterDim: (p) => p, value: () => 0, addGradient: () => undefined };
    expect(() => logitBound(linear, 1, 2)).toThrow(/declares none/);
    const bounded = { ...linear, supremum: (theta: ArrayLike<number>) => Math.abs(theta[0]) + Math.abs(theta[1]) };
    expect(logitBound(bounded, 2, 2)(Float64Array.from([1, -1, 0.5, 0]))).toBeCloseTo(1.25, 15);
  });
});
