import { besselI1OverI0, createRandom, logBesselI0, discretizeEnvironment, SoftBellmanSolver, softValueIteration } from '@mfpg/core';
import { describe, expect, it } from 'vitest';
import { ActionIndependentTorus, ActionIndependentTorusParams } from './action-independent-torus';
import { actionIndependentTorusOptimalLogPolicy, actionIndependentTorusOptimalValue } from './closed-forms';

describe('ActionIndependentTorus (B2)', () => {
  const params = ActionIndependentTorusParams.parse({});
  const env = new ActionIndependentTorus(params);
  const tau = 0.4;
  const n = 64;
  const { mdp, stateNodes, actionNodes } = discretizeEnvironment(env, n, n);
  const optimum = softValueIteration(mdp, tau);

  it('has the docs/math.md §7 defaults and a strict schema', () => {
    expect(params).toEqual({ gamma: 0.9, alpha: 0.2, kappaP: 30, beta0: 0.13 });
    expect(() => ActionIndependentTorusParams.parse({ kappaP: -1 })).toThrow();
    expect(() => ActionIndependentTorusParams.parse({ beta: 0.1 })).toThrow();
  });

  it('soft value iteration on a 64×64 grid matches the closed-form V* at the nodes to 1e−10', () => {
    // Why the grid is (almost) exact: on the n-point trapezoid grid the discrete kernel's Fourier
    // coefficients are those of the von Mises density aliased by multiples of n, so
    // E_grid[e^{2πis'}|s] = ρ1 e^{2πi(s+β0)}·(1 + O(I_{n−1}(κP)/I1(κP))), and with κP = 30, n = 64
    // I_63(30)/I_1(30) ≈ 1e−24. The action integral ∫exp((α/τ)cos 2π(a−s))da is aliased by
    // I_64(0.5)/I0(0.5) ≈ 1e−108. The closed form therefore solves the discrete Bellman equation up
    // to rounding, and value iteration stops within its tolerance 1e−13 of that solution.
    let maxError = 0;
    for (let i = 0; i < n; i++) {
      maxError = Math.max(maxError, Math.abs(optimum.V[i] - actionIndependentTorusOptimalValue(params, tau, stateNodes.nodes[i])));
    }
    expect(maxError).toBeLessThan(1e-10);
    for (let i = 0; i < n; i += 7) {
      for (let k = 0; k < n; k += 5) {
        const exact = actionIndependentTorusOptimalLogPolicy(params, tau, stateNodes.nodes[i], actionNodes.nodes[k]);
        expect(Math.abs(optimum.logPolicy[i * n + k] - exact)).toBeLessThan(1e-10);
      }
    }
  });

  it('policy evaluation of the optimal policy (f = ℓ*) reproduces V* (evaluation ∘ optimum)', () => {
    const evaluator = new SoftBellmanSolver(mdp, tau);
    const value = evaluator.evaluate(optimum.logPolicy);
    // VI error < 1e−13 plus LU rounding ≈ S·eps·cond·|V| = 64·2.2e−16·19·3 ≈ 8e−13.
    for (let i = 0; i < n; i++) expect(Math.abs(evaluator.V[i] - optimum.V[i])).toBeLessThan(1e-11);
    // ρ uniform: F = mean of V* over the nodes = τ log I0(α/τ)/(1−γ), since the trapezoid rule
    // averages the frequency-1 part Re[G e^{2πis}] to exactly 0.
    expect(Math.abs(value - (tau * logBesselI0(params.alpha / tau)) / (1 - params.gamma))).toBeLessThan(1e-10);
    // At the optimum the advantage vanishes identically: A* = Q* − τℓ* − V* = 0.
    for (let ik = 0; ik < n * n; ik++) expect(Math.abs(evaluator.A[ik])).toBeLessThan(1e-11);
  });

  it('samples transitions whose circular mean is ρ1 e^{2πiβ0}, independent of the action', () => {
    const rng = createRandom(5);
    const draws = 100_000;
    const out = new Float64Array(1);
    let c = 0;
    let s = 0;
    for (let t = 0; t < draws; t++) {
      const from = t / draws;
      env.sampleNextState([from], [rng.uniform()], rng, out);
      c += Math.cos(2 * Math.PI * (out[0] - from));
      s += Math.sin(2 * Math.PI * (out[0] - from));
    }
    const rho1 = besselI1OverI0(params.kappaP);
    // Standard error ≤ 1/√draws; 5 of them ≈ 0.016 vs the mean's displacement angle 2π·0.13.
    const bound = 5 / Math.sqrt(draws);
    expect(Math.abs(c / draws - rho1 * Math.cos(2 * Math.PI * params.beta0))).toBeLessThan(bound);
    expect(Math.abs(s / draws - rho1 * Math.sin(2 * Math.PI * params.beta0))).toBeLessThan(bound);
  });
});
