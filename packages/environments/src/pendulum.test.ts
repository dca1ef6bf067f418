import { createRandom, GridEvaluator, type PointSet } from '@mfpg/core';
import { describe, expect, it } from 'vitest';
import { normalizeAngle, Pendulum } from './pendulum';

/** Expected values are Gymnasium Pendulum-v1's published step written out: g = 10, m = l = 1, dt = 0.05. */
describe('pendulum (Gymnasium Pendulum-v1, docs/math.md §8)', () => {
  const env = new Pendulum();
  const out = new Float64Array(2);
  const step = (s: number[], u: number) => {
    env.nextState(s, [u], out);
    return [out[0], out[1]];
  };

  it('one step and reward at an interior state', () => {
    const [theta, thetaDot] = step([1, 2], 1.5);
    const expectedDot = 2 + (15 * Math.sin(1) + 3 * 1.5) * 0.05;
    expect(thetaDot).toBeCloseTo(expectedDot, 14);
    expect(theta).toBeCloseTo(1 + expectedDot * 0.05, 14);
    expect(env.reward([1, 2], [1.5])).toBeCloseTo(-(1 + 0.1 * 4 + 0.001 * 2.25), 14);
  });

  it('clips the torque to [−2, 2] in both the dynamics and the cost', () => {
    const [, thetaDot] = step([-2, 0.5], 5);
    expect(thetaDot).toBeCloseTo(0.5 + (15 * Math.sin(-2) + 3 * 2) * 0.05, 14);
    expect(env.reward([-2, 0.5], [5])).toBeCloseTo(-(4 + 0.1 * 0.25 + 0.001 * 4), 14);
  });

  it('clips the speed to ±8 before updating θ, and normalises angles', () => {
    // 7.9 + (15 + 6)·0.05 = 8.95 → 8; θ' = π/2 + 8·0.05.
    const [theta, thetaDot] = step([Math.PI / 2, 7.9], 2);
    expect(thetaDot).toBe(8);
    expect(theta).toBeCloseTo(Math.PI / 2 + 0.4, 14);
    // θ' = 3.1 + 0.4 = 3.5 is stored as 3.5 − 2π.
    const [wrapped] = step([3.1, 8], 0);
    expect(wrapped).toBeCloseTo(3.5 - 2 * Math.PI, 14);
    // The cost uses norm(θ): θ = 4 costs (4 − 2π)².
    expect(env.reward([4, 0], [0])).toBeCloseTo(-((4 - 2 * Math.PI) ** 2), 14);
    expect(normalizeAngle(Math.PI)).toBeCloseTo(-Math.PI, 15);
    expect(normalizeAngle(-Math.PI)).toBeCloseTo(-Math.PI, 15);
  });

  it('features are (cos θ, sin θ, θ̇, u); ρ is U[−π, π] × U[−1, 1]', () => {
    const x = new Float64Array(4);
    env.features([0.3, -2], [1.2], x, 0);
    expect([...x]).toEqual([Math.cos(0.3), Math.sin(0.3), -2, 1.2]);
    const rng = createRandom(1);
    const s = new Float64Array(2);
    for (let n = 0; n < 100; n++) {
      env.sampleInitialState(rng, s);
      expect(Math.abs(s[0])).toBeLessThanOrEqual(Math.PI);
      expect(Math.abs(s[1])).toBeLessThanOrEqual(1);
    }
    const rule = env.initialQuadrature(5);
    expect(rule.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
  });
});

/** A smooth fixed policy: f(s,u) = −½ u (θ̇ + 2 sin θ), pushing the pendulum towards rest. */
const policy = {
  forward(points: PointSet, out: Float64Array) {
    for (let j = 0; j < points.count; j++) {
      const x = 4 * j;
      out[j] = -0.5 * points.data[x + 3] * (points.data[x + 2] + 2 * points.data[x + 1]);
    }
  },
};

describe('pendulum on grids (interpolated kernel)', () => {
  it('warm-started GMRES agrees with the dense solve on a 21×21 grid', async () => {
    const options = { tau: 0.1, statesPerDim: 21, actionsPerDim: 7 };
    const dense = await new GridEvaluator(env(), { ...options, solver: 'dense' }).evaluate(policy, createRandom(0));
    const iterative = new GridEvaluator(env(), { ...options, solver: 'iterative' });
    const evaluation = await iterative.evaluate(policy, createRandom(0));
    // Residual ≤ 1e-10·‖b‖₂ and cond_∞(I − γP_π) ≤ (1+γ)/(1−γ) = 99 give errors ≲ 1e-8 relative.
    const scaleV = Math.max(...dense.V.map(Math.abs));
    evaluation.V.forEach((v, i) => expect(Math.abs(v - dense.V[i])).toBeLessThan(1e-8 * scaleV));
    evaluation.occupancy.forEach((d, i) => expect(Math.abs(d - dense.occupancy[i])).toBeLessThan(1e-8));
    const scaleW = Math.max(...dense.weights.map(Math.abs));
    evaluation.weights.forEach((w, j) => expect(Math.abs(w - dense.weights[j])).toBeLessThan(1e-7 * scaleW));
    expect(Math.abs(evaluation.value - dense.value)).toBeLessThan(1e-8 * Math.abs(dense.value));
    // Sanity (docs/math.md §5): Σ_k p_ik A_ik = 0 per state.
    for (let i = 0; i < 441; i++) {
      let sum = 0;
      for (let k = 0; k < 7; k++) sum += evaluation.policyMass[i * 7 + k] * evaluation.A[i * 7 + k];
      expect(Math.abs(sum)).toBeLessThan(1e-9 * scaleV);
    }
  });

  it('the value converges as the state grid refines (observed order ≈ 1.4 at 21 → 41 → 81)', async () => {
    const values: number[] = [];
    for (const n of [21, 41, 81]) values.push((await new GridEvaluator(env(), { tau: 0.1, statesPerDim: n, actionsPerDim: 9 }).evaluate(policy, createRandom(0))).value);
    const coarse = Math.abs(values[1] - values[0]);
    const fine = Math.abs(values[2] - values[1]);
    // Measured: F = −357.797, −375.227, −382.031 (and −384.215 at 161): differences 17.4, 6.80, 2.18,
    // ratios 2.56, 3.12 — between first order (2) and the semi-Lagrangian O(h²) (4), rising.
    expect(coarse / fine).toBeGreaterThan(2);
    expect(Math.log2(coarse / fine)).toBeCloseTo(1.36, 1);
  });
});

function env(): Pendulum {
  return new Pendulum();
}
