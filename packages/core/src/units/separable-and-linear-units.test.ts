import { describe, expect, it } from 'vitest';
import { LinearUnit } from './linear-unit';
import { SeparableUnit } from './separable-unit';

/** Unit round-off of float64. */
const EPS = 2 ** -53;
/** Finite-difference step; a power of two so θ_k ± H is exact for the |θ_k| < 4 used here. */
const H = 2 ** -16;

/** A deterministic pseudo-random stream in [−1, 1) (a fixed LCG, so failures reproduce). */
function uniformStream(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 31 - 1;
  };
}

describe('SeparableUnit', () => {
  const unit = new SeparableUnit();

  it('has d = p, kind separable, and φ = Σ_k tanh(θ_k) x_k', () => {
    expect(unit.kind).toBe('separable');
    expect(unit.parameterDim(3)).toBe(3);
    expect(unit.value([0.5, -2], [2, 0.25])).toBe(Math.tanh(0.5) * 2 + Math.tanh(-2) * 0.25);
  });

  it('keeps sech² accurate for |θ| ≫ 1 (no 1 − tanh² cancellation)', () => {
    const out = new Float64Array(1);
    unit.addGradient([30], [1], 1, out, 0);
    // sech²(30) = 4e^{−60}/(1 + e^{−60})²: a few roundings from 4e^{−60}.
    expect(Math.abs(out[0] / (4 * Math.exp(-60)) - 1)).toBeLessThan(16 * EPS);
  });

  it('addGradient matches central differences of value and touches only its slice', () => {
    const next = uniformStream(5);
    for (let trial = 0; trial < 40; trial++) {
      const p = 1 + (trial % 5);
      const theta = Array.from({ length: p }, () => 3 * next());
      const x = Array.from({ length: p }, () => next());
      const weight = 0.75;
      const out = new Float64Array(p + 3).fill(0.5);
      unit.addGradient(theta, x, weight, out, 2);
      expect(out[0]).toBe(0.5);
      expect(out[1]).toBe(0.5);
      expect(out[p + 2]).toBe(0.5);
      // Truncation H²/6·|tanh‴|·|x_k| ≤ H²/6·2; round-off of two values (p terms, each ≤ 1, summed:
      // ≤ (p + 2)ε·p each) divided by 2H.
      const tolerance = H * H + ((p + 2) * p * EPS) / H;
      for (let k = 0; k < p; k++) {
        const plus = theta.slice();
        const minus = theta.slice();
        plus[k] += H;
        minus[k] -= H;
        const difference = (unit.value(plus, x) - unit.value(minus, x)) / (2 * H);
        expect(Math.abs((out[2 + k] - 0.5) / weight - difference), `trial ${trial}, θ_${k}`).toBeLessThanOrEqual(tolerance);
      }
    }
  });
});

describe('LinearUnit', () => {
  const unit = new LinearUnit();

  it('has d = p, kind linear, and φ = θ·x', () => {
    expect(unit.kind).toBe('linear');
    expect(unit.parameterDim(4)).toBe(4);
    expect(unit.value([1.5, -2, 0.25], [2, 0.5, -4])).toBe(3 - 1 - 1);
  });

  it('addGradient matches central differences of value (exact for a linear function up to round-off)', () => {
    const next = uniformStream(9);
    for (let trial = 0; trial < 40; trial++) {
      const p = 1 + (trial % 5);
      const theta = Array.from({ length: p }, () => 3 * next());
      const x = Array.from({ length: p }, () => next());
      const out = new Float64Array(p + 2).fill(-1);
      unit.addGradient(theta, x, 2, out, 1);
      expect(out[0]).toBe(-1);
      expect(out[p + 1]).toBe(-1);
      // No truncation error; round-off of two p-term sums of size ≤ 3p, divided by 2H.
      const tolerance = (2 * (p + 2) * 3 * p * EPS) / (2 * H);
      for (let k = 0; k < p; k++) {
        const plus = theta.slice();
        const minus = theta.slice();
        plus[k] += H;
        minus[k] -= H;
        const difference = (unit.value(plus, x) - unit.value(minus, x)) / (2 * H);
        expect((out[1 + k] + 1) / 2).toBe(x[k]);
        expect(Math.abs(difference - x[k]), `trial ${trial}, θ_${k}`).toBeLessThanOrEqual(tolerance);
      }
    }
  });
});
