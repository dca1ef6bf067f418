import { createRandom, GridEvaluator } from '@mfpg/core';
import { describe, expect, it } from 'vitest';
import { MountainCarContinuous } from './mountain-car-continuous';

/** Expected values are Gymnasium MountainCarContinuous-v0's published step written out (power 0.0015). */
describe('mountain-car-continuous (Gymnasium MountainCarContinuous-v0, MATH.md §8)', () => {
  const env = new MountainCarContinuous();
  const out = new Float64Array(2);
  const step = (s: number[], u: number) => {
    env.nextState(s, [u], out);
    return [out[0], out[1]];
  };

  it('one interior step and its reward −0.1u²', () => {
    const [x, v] = step([-0.5, 0], 0.5);
    const expectedV = 0.5 * 0.0015 - 0.0025 * Math.cos(-1.5);
    expect(v).toBeCloseTo(expectedV, 15);
    expect(x).toBeCloseTo(-0.5 + expectedV, 15);
    expect(env.reward([-0.5, 0], [0.5])).toBeCloseTo(-0.025, 15);
  });

  it('the left wall: x clipped to −1.2 and the velocity zeroed', () => {
    // v = −0.05 − 0.0015 − 0.0025 cos(−3.57) ≈ −0.0492 < 0; x = −1.19 + v < −1.2 → −1.2, v → 0.
    const [x, v] = step([-1.19, -0.05], -1);
    expect(x).toBe(-1.2);
    expect(v).toBe(0);
  });

  it('clips the velocity to ±0.07 and the force to [−1, 1] (the cost uses the raw u, as Gymnasium)', () => {
    // 0.07 + 0.0015 − 0.0025 cos(−3) = 0.07397 → 0.07; x = −1 + 0.07.
    const [x, v] = step([-1, 0.07], 1);
    expect(v).toBe(0.07);
    expect(x).toBeCloseTo(-0.93, 15);
    const [, clipped] = step([-0.5, 0.01], 3);
    expect(clipped).toBeCloseTo(0.01 + 0.0015 - 0.0025 * Math.cos(-1.5), 15);
    expect(env.reward([-0.5, 0.01], [3])).toBeCloseTo(-0.9, 15);
  });

  it('reaching the goal pays 100 − 0.1u², after which the state is absorbing with reward 0', () => {
    // v = 0.02 + 0.3·0.0015 − 0.0025 cos(1.32) ≈ 0.01983; x = 0.44 + v ≈ 0.4598 ≥ 0.45, v ≥ 0.
    const [x, v] = step([0.44, 0.02], 0.3);
    expect(x).toBeCloseTo(0.44 + 0.02 + 0.3 * 0.0015 - 0.0025 * Math.cos(1.32), 15);
    expect(v).toBeGreaterThan(0);
    expect(env.reward([0.44, 0.02], [0.3])).toBeCloseTo(100 - 0.1 * 0.09, 12);
    expect(MountainCarContinuous.reached([x, v])).toBe(true);
    expect(env.reward([x, v], [0.3])).toBe(0);
    expect(step([x, v], -1)).toEqual([x, v]);
    // A step that ends at x ≥ 0.45 with v < 0 does not reach the goal.
    expect(env.reward([0.46, -0.001], [0])).toBeCloseTo(0, 15);
  });

  it('ρ: x ~ U[−0.6, −0.4], v = 0 (sampler and quadrature)', () => {
    const rng = createRandom(2);
    const s = new Float64Array(2);
    env.sampleInitialState(rng, s);
    expect(s[0]).toBeGreaterThanOrEqual(-0.6);
    expect(s[0]).toBeLessThan(-0.4);
    expect(s[1]).toBe(0);
    const rule = env.initialQuadrature(6);
    expect(rule.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
  });

  it('on the grid, goal nodes are absorbing: V = −τ KL(π|μ)/(1−γ) there (round-off)', async () => {
    const tau = 0.1;
    const evaluator = new GridEvaluator(env, { tau, statesPerDim: 31, actionsPerDim: 5, solver: 'dense' });
    // f = 3u: a policy tilted to the right, the same at every state.
    const evaluation = await evaluator.evaluate({ forward: (points, f) => void f.forEach((_, j) => (f[j] = 3 * points.data[3 * j + 2])) }, createRandom(0));
    const nodes = evaluation.discretization.stateNodes.nodes;
    let goalNodes = 0;
    for (let i = 0; i < evaluation.V.length; i++) {
      if (!MountainCarContinuous.reached([nodes[2 * i], nodes[2 * i + 1]])) continue;
      goalNodes++;
      const expected = (-tau * evaluation.klPerState[i]) / (1 - env.gamma);
      expect(Math.abs(evaluation.V[i] - expected)).toBeLessThan(1e-12 * Math.abs(expected));
    }
    expect(goalNodes).toBeGreaterThan(0);
    expect(Number.isFinite(evaluation.value)).toBe(true);
  });
});
