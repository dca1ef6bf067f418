import { createRandom } from '@mfpg/core';
import { describe, expect, it } from 'vitest';
import { LinearQuadratic, LinearQuadraticParams } from './linear-quadratic';
import { linearGaussianPolicyValue, linearQuadraticOptimum, quadraticValueOfInitialLaw } from './linear-quadratic-closed-forms';
import type { Matrix } from './small-matrix';

const TAU = 0.5;
const oneD = LinearQuadraticParams.parse({});
const twoD = LinearQuadraticParams.parse({
  A: [
    [0.95, 0.2],
    [-0.1, 0.8],
  ],
  B: [[0.3], [0.7]],
  Q: [
    [1, 0.2],
    [0.2, 0.5],
  ],
  R: [[0.2]],
  noiseCovariance: [
    [0.02, 0.005],
    [0.005, 0.01],
  ],
  actionVariance: [2],
  initialCovariance: [
    [1, 0.3],
    [0.3, 0.5],
  ],
  gamma: 0.95,
});

/** ∫ V dρ of the policy N(Ks, Σ). */
function policyValue(params: LinearQuadraticParams, K: Matrix, covariance: Matrix): number {
  return quadraticValueOfInitialLaw(linearGaussianPolicyValue(params, TAU, K, covariance), params);
}

describe('lq (docs/math.md §7 B4)', () => {
  it('validates shapes and definiteness, naming the field', () => {
    expect(LinearQuadraticParams.safeParse({ B: [[0.5, 1]], R: [[1]] }).error?.issues[0].path).toEqual(['R']);
    expect(LinearQuadraticParams.safeParse({ A: [[1, 0]] }).error?.issues[0].path).toEqual(['A']);
    expect(LinearQuadraticParams.safeParse({ noiseCovariance: [[0]] }).error?.issues[0].path).toEqual(['noiseCovariance']);
    expect(LinearQuadraticParams.safeParse({ Q: [[-1]] }).error?.issues[0].path).toEqual(['Q']);
    expect(LinearQuadraticParams.safeParse({ actionVariance: [1, 1] }).error?.issues[0].path).toEqual(['actionVariance']);
  });

  for (const [label, params] of [
    ['1-D defaults', oneD],
    ['2-D state, 1-D action', twoD],
  ] as const) {
    describe(label, () => {
      const optimum = linearQuadraticOptimum(params, TAU);

      it('the Riccati iteration reaches a fixed point of the Riccati equation', () => {
        // One more exact update from P leaves it unchanged up to round-off (relative 1e-13).
        const again = linearQuadraticOptimum(params, TAU, { tolerance: 1e-15 });
        const scale = Math.max(...optimum.P.flat().map(Math.abs));
        optimum.P.flat().forEach((value, i) => expect(Math.abs(value - again.P.flat()[i])).toBeLessThan(1e-13 * scale));
        expect(optimum.iterations).toBeGreaterThan(1);
      });

      it('the optimum value equals the closed-form value of the policy N(K s, Σ*)', () => {
        // Two independent formulas: docs/math.md's c vs the policy-evaluation constant; round-off only.
        const evaluated = linearGaussianPolicyValue(params, TAU, optimum.K, optimum.covariance);
        optimum.P.flat().forEach((value, i) => expect(Math.abs(value - evaluated.P.flat()[i])).toBeLessThan(1e-12 * Math.max(1, Math.abs(value))));
        expect(Math.abs(evaluated.c - optimum.c)).toBeLessThan(1e-11 * Math.max(1, Math.abs(optimum.c)));
      });

      it('no linear-Gaussian policy does better: (K*, Σ*) is a strict local maximum with zero gradient', () => {
        const best = quadraticValueOfInitialLaw(optimum, params);
        const h = 1e-4;
        const n = params.A.length;
        const perturbations: [Matrix, Matrix][] = [];
        for (let j = 0; j < n; j++) {
          for (const sign of [-1, 1]) perturbations.push([optimum.K.map((row) => row.map((v, c) => (c === j ? v + sign * h : v))), optimum.covariance]);
        }
        for (const sign of [-1, 1]) perturbations.push([optimum.K, optimum.covariance.map((row) => row.map((v) => v * (1 + sign * h)))]);
        for (let p = 0; p < perturbations.length; p += 2) {
          const minus = policyValue(params, ...perturbations[p]);
          const plus = policyValue(params, ...perturbations[p + 1]);
          expect(minus).toBeLessThan(best);
          expect(plus).toBeLessThan(best);
          // Central difference of a smooth function at a critical point: O(h²) + round-off/h.
          expect(Math.abs(plus - minus) / (2 * h)).toBeLessThan(1e-6);
          // Curvature of order one: the decrease is Θ(h²), not round-off.
          expect(best - 0.5 * (plus + minus)).toBeGreaterThan(1e-10);
        }
      });
    });
  }

  it('a seeded Monte Carlo rollout with geometric horizon agrees with the closed-form evaluation (4 standard errors)', () => {
    for (const params of [oneD, twoD]) {
      const env = new LinearQuadratic(params);
      const n = env.stateDim;
      const K = n === 1 ? [[-0.4]] : [[-0.3, -0.5]];
      const variance = 0.3;
      const exact = policyValue(params, K, [[variance]]);
      const rng = createRandom(7);
      const s = new Float64Array(n);
      const a = new Float64Array(1);
      const rollouts = 20_000;
      let sum = 0;
      let sumSquares = 0;
      for (let episode = 0; episode < rollouts; episode++) {
        env.sampleInitialState(rng, s);
        // P(T ≥ t) = γ^t, so E Σ_{t ≤ T} X_t = Σ_t γ^t E X_t: an unbiased estimate of V^π(ρ).
        let total = 0;
        for (;;) {
          let mean = 0;
          for (let c = 0; c < n; c++) mean += K[0][c] * s[c];
          const xi = rng.normal();
          a[0] = mean + Math.sqrt(variance) * xi;
          // −τ ℓ_π(s,a) with ℓ_π = log dπ/dμ, whose π-mean is −τ KL(π(·|s) | μ).
          const logPolicy = -0.5 * xi * xi - 0.5 * Math.log(2 * Math.PI * variance);
          total += env.reward(s, a) - TAU * (logPolicy - env.actionMeasure.logDensity(a));
          if (!(rng.uniform() < params.gamma)) break;
          env.sampleNextState(s, a, rng, s);
        }
        sum += total;
        sumSquares += total * total;
      }
      const mean = sum / rollouts;
      const standardError = Math.sqrt((sumSquares / rollouts - mean * mean) / rollouts);
      expect(Math.abs(mean - exact)).toBeLessThan(4 * standardError);
      expect(standardError).toBeLessThan(0.02 * Math.abs(exact));
    }
  });

  it('transition and initial densities are the Gaussians the sampler draws from', () => {
    const env = new LinearQuadratic(twoD);
    const s = [0.3, -0.2];
    const a = [0.5];
    const mean = [0.95 * 0.3 + 0.2 * -0.2 + 0.3 * 0.5, -0.1 * 0.3 + 0.8 * -0.2 + 0.7 * 0.5];
    const next = [mean[0] + 0.1, mean[1] - 0.05];
    // Independent evaluation with the explicit 2×2 inverse and determinant.
    const [[p, q], [, r]] = twoD.noiseCovariance;
    const det = p * r - q * q;
    const dx = [next[0] - mean[0], next[1] - mean[1]];
    const quadratic = (r * dx[0] * dx[0] - 2 * q * dx[0] * dx[1] + p * dx[1] * dx[1]) / det;
    const expected = Math.exp(-0.5 * quadratic) / (2 * Math.PI * Math.sqrt(det));
    expect(Math.abs(env.transitionDensity(s, a, next) / expected - 1)).toBeLessThan(1e-13);
    expect(env.reward(s, a)).toBeCloseTo(-(1 * 0.09 + 2 * 0.2 * 0.3 * -0.2 + 0.5 * 0.04 + 0.2 * 0.25), 14);
  });
});
