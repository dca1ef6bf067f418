import { discretizeEnvironment, SoftBellmanSolver, softValueIteration } from '@mfpg/core';
import { describe, expect, it } from 'vitest';
import { torusBanditOptimalLogDensity, torusBanditOptimalValue } from './closed-forms';
import { TorusBandit, TorusBanditParams } from './torus-bandit';

describe('TorusBandit (B1)', () => {
  const params = TorusBanditParams.parse({});
  const env = new TorusBandit(params);
  const tau = 0.4;

  it('has the documented defaults and a strict schema', () => {
    expect(params).toEqual({ alpha: 1, a0: 0.25, gamma: 0.9 });
    expect(() => TorusBanditParams.parse({ alpah: 1 })).toThrow();
    expect(() => TorusBanditParams.parse({ gamma: 1 })).toThrow();
    expect(env.id).toBe('torus-bandit');
  });

  it('soft value iteration on 64 action nodes matches V* = τ log I0(α/τ)/(1−γ) to 1e−10', () => {
    // The grid integrates exp((α/τ) cos 2π(a − a0)) with the 64-point trapezoid rule, whose error
    // is the aliased Fourier coefficients 2·I_64(α/τ)/I0(α/τ) ≈ 2·(1.25)^64/64! ≈ 1e−83 at α/τ = 2.5:
    // the discrete optimum equals the continuous one up to rounding and the VI tolerance 1e−13.
    const { mdp, actionNodes } = discretizeEnvironment(env, 1, 64);
    expect(mdp.stateCount).toBe(1);
    const optimum = softValueIteration(mdp, tau);
    const exact = torusBanditOptimalValue(params, tau);
    expect(Math.abs(optimum.V[0] - exact)).toBeLessThan(1e-10);
    for (let k = 0; k < 64; k++) {
      expect(Math.abs(optimum.logPolicy[k] - torusBanditOptimalLogDensity(params, tau, actionNodes.nodes[k]))).toBeLessThan(1e-10);
    }
    // Policy evaluation of ℓ* reproduces V* (and F = V* since ρ = δ_0).
    const evaluator = new SoftBellmanSolver(mdp, tau);
    expect(Math.abs(evaluator.evaluate(optimum.logPolicy) - exact)).toBeLessThan(1e-10);
  });

  it('declares (cos 2πa, sin 2πa) as separable action features and stays in its single state', () => {
    const { points } = discretizeEnvironment(env, 1, 4);
    const expected = [1, 0, 0, 1, -1, 0, 0, -1];
    for (let c = 0; c < 8; c++) expect(Math.abs(points.data[c] - expected[c])).toBeLessThan(1e-15);
    expect(points.product!.outerDim).toBe(0);
    const out = new Float64Array(1).fill(5);
    env.sampleNextState([0], [0.3], { uniform: () => 0.5 } as never, out);
    expect(out[0]).toBe(0);
    expect(env.reward([0], [0.25])).toBe(1);
  });
});
