import { besselI1OverI0, discretizeEnvironment, gridOptimum, logSumExp } from '@mfpg/core';
import { describe, expect, it } from 'vitest';
import { ActionIndependentTorus, ActionIndependentTorusParams } from './action-independent-torus';
import {
  actionIndependentTorusOptimalLogPolicy,
  actionIndependentTorusOptimalValue,
  torusBanditOptimalLogDensity,
  torusBanditOptimalValue,
} from './closed-forms';
import { TorusBandit, TorusBanditParams } from './torus-bandit';
import { VonMises } from './von-mises';

const TWO_PI = 2 * Math.PI;
/**
 * Trapezoid nodes for integrals over the torus in these checks: the integrands are analytic and
 * periodic with Fourier coefficients decaying like I_m(c)/I0(c) (c ≤ 30), so 256 nodes leave an
 * aliasing error ≈ I_256(30)/I0(30) < 1e−100.
 */
const NODES = 256;
const logNodeWeights = new Float64Array(NODES).fill(-Math.log(NODES));

describe('closed forms (docs/math.md §7)', () => {
  it('B1: V* solves V = τ log ∫ exp((r + γV)/τ) dμ and π* is a probability density', () => {
    const params = TorusBanditParams.parse({ alpha: 1.3, a0: 0.6, gamma: 0.7 });
    for (const tau of [0.05, 0.4, 3]) {
      const V = torusBanditOptimalValue(params, tau);
      const exponent = new Float64Array(NODES);
      let mass = 0;
      for (let j = 0; j < NODES; j++) {
        const a = j / NODES;
        exponent[j] = (params.alpha * Math.cos(TWO_PI * (a - params.a0)) + params.gamma * V) / tau;
        mass += Math.exp(torusBanditOptimalLogDensity(params, tau, a)) / NODES;
      }
      // Rounding only: a few ulps of |V| ≲ 90.
      expect(Math.abs(tau * logSumExp(exponent, logNodeWeights) - V)).toBeLessThan(1e-13 * Math.max(1, Math.abs(V)));
      expect(Math.abs(mass - 1)).toBeLessThan(1e-14);
    }
  });

  it('B2: V* solves the soft Bellman optimality equation at off-grid states', () => {
    const params = ActionIndependentTorusParams.parse({ gamma: 0.8, alpha: 0.5, kappaP: 12, beta0: 0.31 });
    const tau = 0.3;
    const kernel = new VonMises(params.kappaP);
    for (const s of [0.013, 0.27, 0.5, 0.771]) {
      // E[V*(s')|s] by quadrature of the von Mises density, then the action integral by log-sum-exp.
      let expectedNext = 0;
      for (let j = 0; j < NODES; j++) {
        const next = j / NODES;
        expectedNext += (kernel.density(next, s + params.beta0) * actionIndependentTorusOptimalValue(params, tau, next)) / NODES;
      }
      const exponent = new Float64Array(NODES);
      for (let k = 0; k < NODES; k++) {
        const a = k / NODES;
        const q = params.alpha * Math.cos(TWO_PI * (a - s)) + Math.cos(TWO_PI * s) + params.gamma * expectedNext;
        exponent[k] = q / tau;
        expect(Math.abs(actionIndependentTorusOptimalLogPolicy(params, tau, s, a) - (q - actionIndependentTorusOptimalValue(params, tau, s)) / tau)).toBeLessThan(1e-12);
      }
      expect(Math.abs(tau * logSumExp(exponent, logNodeWeights) - actionIndependentTorusOptimalValue(params, tau, s))).toBeLessThan(1e-13);
    }
  });

  it('B2: the periodic part has amplitude |1/(1 − γρ1 e^{2πiβ0})|', () => {
    // Independent of the hand-written complex quotient: max_s minus min_s of Re[G e^{2πis}] is 2|G|.
    const params = ActionIndependentTorusParams.parse({});
    const rho1 = besselI1OverI0(params.kappaP);
    const modulus = 1 / Math.hypot(1 - params.gamma * rho1 * Math.cos(TWO_PI * params.beta0), params.gamma * rho1 * Math.sin(TWO_PI * params.beta0));
    let max = -Infinity;
    let min = Infinity;
    for (let j = 0; j < 100_000; j++) {
      const v = actionIndependentTorusOptimalValue(params, 0.4, j / 100_000);
      max = Math.max(max, v);
      min = Math.min(min, v);
    }
    // Sampling the sinusoid on a 1e−5 grid misses its extremum by ≤ |G|·(2π·5e−6)²/2 ≈ 5e−10·|G|.
    expect(Math.abs((max - min) / 2 - modulus)).toBeLessThan(1e-9 * modulus);
  });

  it('the grid optimum V*(ρ) of B1 and B2 (soft value iteration) equals the closed forms', () => {
    // B1: one state; the 64-node trapezoid rule integrates e^{(α/τ)cos 2π(a−a0)} with error
    // ≈ I_64(α/τ)/I0(α/τ) < 1e−40 at α/τ = 10, so only the iteration's 1e−9 remains.
    const bandit = TorusBanditParams.parse({ alpha: 1, a0: 0.25, gamma: 0.9 });
    const banditMdp = discretizeEnvironment(new TorusBandit(bandit), 1, 64).mdp;
    expect(Math.abs(gridOptimum(banditMdp, 0.1).value - torusBanditOptimalValue(bandit, 0.1))).toBeLessThan(1e-8);
    // B2: von Mises κP = 30 has Fourier coefficients I_m(30)/I0(30) ≈ e^{−m²/60}, < 1e−29 at m = 64,
    // so the renormalised 64-node trapezoid kernel is exact to round-off on the first harmonics V*
    // lives in; ρ uniform, so V*(ρ) = τ log I0(α/τ)/(1−γ) (the periodic part integrates to 0).
    const params = ActionIndependentTorusParams.parse({});
    const tau = 0.1;
    const mdp = discretizeEnvironment(new ActionIndependentTorus(params), 64, 64).mdp;
    const optimum = gridOptimum(mdp, tau);
    let expected = 0;
    let largest = -Infinity;
    for (let i = 0; i < 64; i++) {
      const v = actionIndependentTorusOptimalValue(params, tau, i / 64);
      expected += mdp.initial[i] * v;
      largest = Math.max(largest, v);
    }
    expect(Math.abs(optimum.value - expected)).toBeLessThan(1e-8);
    expect(Math.abs(optimum.maxStateValue - largest)).toBeLessThan(1e-8);
    expect(gridOptimum(mdp, tau)).toBe(optimum);
  });
});

