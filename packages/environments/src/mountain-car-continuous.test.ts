import { createRandom, discretizeEnvironment, softValueIteration } from '@mfpg/core';
import { describe, expect, it } from 'vitest';
import { MountainCarContinuous } from './mountain-car-continuous';

/** Expected values are Gymnasium MountainCarContinuous-v0's published step written out (power 0.0015). */
describe('mountain-car-continuous (Gymnasium MountainCarContinuous-v0, docs/math.md §8)', () => {
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

  it('on the grid, weight landing on the goal goes to the absorbing state: rows into the goal lose all their mass', () => {
    const { mdp, stateNodes, actionNodes } = discretizeEnvironment(env, 21, 5);
    const sparse = mdp.sparseTransition;
    if (sparse === undefined) throw new Error('expected the interpolated kernel');
    const next = new Float64Array(2);
    let terminating = 0;
    for (let i = 0; i < mdp.stateCount; i++) {
      const s = stateNodes.nodes.subarray(2 * i, 2 * i + 2);
      for (let k = 0; k < mdp.actionCount; k++) {
        env.nextState(s, actionNodes.nodes.subarray(k, k + 1), next);
        let mass = 0;
        for (let e = (i * mdp.actionCount + k) * sparse.width; e < (i * mdp.actionCount + k + 1) * sparse.width; e++) {
          mass += sparse.values[e];
          // No weight ever rests on a goal node: it would be collected as a non-terminal state.
          if (sparse.values[e] > 0) expect(env.isTerminal(stateNodes.nodes.subarray(2 * sparse.columns[e], 2 * sparse.columns[e] + 2))).toBe(false);
        }
        if (env.isTerminal(next)) {
          expect(mass).toBe(0);
          terminating++;
        } else expect(mass).toBeLessThanOrEqual(1 + 1e-15);
      }
    }
    expect(terminating).toBeGreaterThan(0);
  });

  it('the grid optimum respects the reward bound: V*(s) ≤ 100 everywhere, V*(ρ) < 100 on the default 41×41×9 grid', () => {
    const grid = env.defaultGrid;
    const { mdp } = discretizeEnvironment(env, grid.states, grid.actions);
    const optimum = softValueIteration(mdp, 0.1, { tolerance: 1e-9 });
    // Every reward is ≤ 0 except the goal's 100, paid once on the step that reaches it; entropy
    // costs are ≥ 0: no discounted soft value can exceed 100 (before terminal routing: 697.5).
    expect(Math.max(...optimum.V)).toBeLessThanOrEqual(env.valueBound);
    const value = optimum.V.reduce((sum, v, i) => sum + v * mdp.initial[i], 0);
    expect(value).toBeLessThan(100);
    // The goal is reachable from ρ within ~120 steps: γ^120·100 ≈ 30, so V*(ρ) is well above 0.
    expect(value).toBeGreaterThan(0);
  });
});
