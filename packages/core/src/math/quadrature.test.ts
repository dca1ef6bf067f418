import { describe, expect, it } from 'vitest';
import type { QuadratureRule } from '../plugin-points/quadrature-rule';
import { gaussHermite, gaussLegendre, MAX_HERMITE_NODES, periodicTrapezoid, tensorProduct } from './quadrature';

/** Σ_j w_j h(x_j) for a one-dimensional rule, with Σ_j w_j |h(x_j)| as the rounding scale. */
function integrate(rule: QuadratureRule, h: (x: number) => number): { value: number; scale: number } {
  let value = 0;
  let scale = 0;
  for (let j = 0; j < rule.count; j++) {
    const term = rule.weights[j] * h(rule.nodes[j]);
    value += term;
    scale += Math.abs(term);
  }
  return { value, scale };
}

function factorial(n: number): number {
  let value = 1;
  for (let j = 2; j <= n; j++) value *= j;
  return value;
}

/** (k−1)!! = E[Z^k] for even k ≥ 0, Z ~ N(0,1). */
function normalMoment(k: number): number {
  if (k % 2 === 1) return 0;
  let moment = 1;
  for (let j = k - 1; j > 1; j -= 2) moment *= j;
  return moment;
}

describe('periodicTrapezoid', () => {
  it('has nodes j/n and weights 1/n', () => {
    const rule = periodicTrapezoid(4);
    expect([...rule.nodes]).toEqual([0, 0.25, 0.5, 0.75]);
    expect([...rule.weights]).toEqual([0.25, 0.25, 0.25, 0.25]);
  });

  it('integrates e^{2πimx} exactly for |m| < n and aliases m = n onto the mean', () => {
    for (const n of [1, 5, 16]) {
      const rule = periodicTrapezoid(n);
      for (let m = 0; m < n; m++) {
        const cos = integrate(rule, (x) => Math.cos(2 * Math.PI * m * x));
        const sin = integrate(rule, (x) => Math.sin(2 * Math.PI * m * x));
        // Exact value: 1 for m = 0, else 0; rounding ≲ n·eps.
        expect(Math.abs(cos.value - (m === 0 ? 1 : 0))).toBeLessThan(1e-14);
        expect(Math.abs(sin.value)).toBeLessThan(1e-14);
      }
      // The first mode it cannot resolve: ∫cos(2πnx) = 0 but every node sees cos = 1.
      expect(integrate(rule, (x) => Math.cos(2 * Math.PI * n * x)).value).toBeCloseTo(1, 12);
    }
  });
});

describe('gaussLegendre', () => {
  it('reproduces the known 2- and 3-point rules', () => {
    const two = gaussLegendre(2, -1, 1);
    expect(two.nodes[0]).toBeCloseTo(-1 / Math.sqrt(3), 15);
    expect(two.nodes[1]).toBeCloseTo(1 / Math.sqrt(3), 15);
    expect(two.weights[0]).toBeCloseTo(1, 15);
    const three = gaussLegendre(3, 0, 2);
    const expectedNodes = [1 - Math.sqrt(0.6), 1, 1 + Math.sqrt(0.6)];
    const expectedWeights = [5 / 9, 8 / 9, 5 / 9];
    for (let i = 0; i < 3; i++) {
      expect(three.nodes[i]).toBeCloseTo(expectedNodes[i], 15);
      expect(three.weights[i]).toBeCloseTo(expectedWeights[i], 15);
    }
  });

  it('is exact for polynomials of degree ≤ 2n − 1 on [low, high] and not for degree 2n', () => {
    const low = -0.5;
    const high = 2;
    for (const n of [1, 2, 3, 4, 7, 12, 20, 40]) {
      const rule = gaussLegendre(n, low, high);
      for (let k = 0; k <= 2 * n - 1; k++) {
        const exact = (high ** (k + 1) - low ** (k + 1)) / (k + 1);
        const { value, scale } = integrate(rule, (x) => x ** k);
        // Rounding is a few eps of Σ|w x^k| per node; 1e−13 covers n = 40 with margin.
        expect(Math.abs(value - exact)).toBeLessThan(1e-13 * scale);
      }
      // Remainder on [−1,1]: ∫f − Q f = 2^{2n+1}(n!)⁴/((2n+1)((2n)!)³) f^{(2n)}(ξ), so exactly
      // 2^{2n+1}(n!)⁴/((2n+1)((2n)!)²) for f = x^{2n}.
      if (n <= 12) {
        const sym = integrate(gaussLegendre(n, -1, 1), (x) => x ** (2 * n));
        const remainder = (2 ** (2 * n + 1) * factorial(n) ** 4) / ((2 * n + 1) * factorial(2 * n) ** 2);
        expect(Math.abs(2 / (2 * n + 1) - sym.value - remainder)).toBeLessThan(1e-14 * Math.max(sym.scale, 1));
      }
    }
  });

  it('has ascending nodes inside (low, high) and weights summing to high − low', () => {
    const rule = gaussLegendre(64, 3, 7.5);
    let sum = 0;
    for (let j = 0; j < rule.count; j++) {
      sum += rule.weights[j];
      expect(rule.weights[j]).toBeGreaterThan(0);
      if (j > 0) expect(rule.nodes[j]).toBeGreaterThan(rule.nodes[j - 1]);
    }
    expect(rule.nodes[0]).toBeGreaterThan(3);
    expect(rule.nodes[63]).toBeLessThan(7.5);
    expect(Math.abs(sum - 4.5)).toBeLessThan(1e-13);
  });
});

describe('gaussHermite', () => {
  it('reproduces the known probabilists\' 2- and 3-point rules', () => {
    const two = gaussHermite(2);
    expect([...two.nodes].map((x) => Number(x.toFixed(15)))).toEqual([-1, 1]);
    expect(two.weights[0]).toBeCloseTo(0.5, 15);
    const three = gaussHermite(3);
    expect(three.nodes[0]).toBeCloseTo(-Math.sqrt(3), 14);
    expect(three.nodes[1]).toBe(0);
    expect(three.nodes[2]).toBeCloseTo(Math.sqrt(3), 14);
    expect(three.weights[0]).toBeCloseTo(1 / 6, 15);
    expect(three.weights[1]).toBeCloseTo(2 / 3, 15);
  });

  it('integrates E[Z^k] exactly for k ≤ 2n − 1 and not for k = 2n', () => {
    for (const n of [1, 2, 3, 5, 10, 20, 40]) {
      const rule = gaussHermite(n);
      for (let k = 0; k <= 2 * n - 1; k++) {
        const { value, scale } = integrate(rule, (x) => x ** k);
        expect(Math.abs(value - normalMoment(k))).toBeLessThanOrEqual(1e-12 * scale);
      }
      // Remainder E f − Q f = (n!/(2n)!) f^{(2n)}(ξ): exactly n! for f = x^{2n}.
      const { value, scale } = integrate(rule, (x) => x ** (2 * n));
      expect(Math.abs(normalMoment(2 * n) - value - factorial(n))).toBeLessThanOrEqual(1e-12 * scale);
    }
  });

  it('resolves every root up to its documented maximum and refuses more', () => {
    // Large n used to collapse the Newton iterates onto one root (weights summing to ~1e−161).
    for (const n of [100, 149, MAX_HERMITE_NODES]) {
      const rule = gaussHermite(n);
      let mass = 0;
      let second = 0;
      for (let j = 0; j < n; j++) {
        mass += rule.weights[j];
        second += rule.weights[j] * rule.nodes[j] ** 2;
        if (j > 0) expect(rule.nodes[j]).toBeGreaterThan(rule.nodes[j - 1]);
      }
      // E[1] = E[Z²] = 1; round-off of n positive terms.
      expect(Math.abs(mass - 1)).toBeLessThan(n * 1e-15);
      expect(Math.abs(second - 1)).toBeLessThan(n * 1e-15);
    }
    expect(() => gaussHermite(MAX_HERMITE_NODES + 1)).toThrow(/at most 150 nodes/);
  });
});

describe('tensorProduct', () => {
  it('orders nodes row-major with the last coordinate fastest and multiplies weights', () => {
    const a = gaussLegendre(2, 0, 1);
    const b = periodicTrapezoid(3);
    const rule = tensorProduct([a, b]);
    expect(rule.count).toBe(6);
    expect(rule.dim).toBe(2);
    for (let i = 0; i < 2; i++) {
      for (let k = 0; k < 3; k++) {
        const j = i * 3 + k;
        expect(rule.nodes[2 * j]).toBe(a.nodes[i]);
        expect(rule.nodes[2 * j + 1]).toBe(b.nodes[k]);
        expect(rule.weights[j]).toBe(a.weights[i] * b.weights[k]);
      }
    }
  });

  it('integrates products of polynomials exactly in three dimensions', () => {
    const rule = tensorProduct([gaussLegendre(3, 0, 1), gaussHermite(2), gaussLegendre(2, -1, 1)]);
    // ∫∫∫ x²·z²·y^2 with x ~ Leb[0,1], z ~ N(0,1), y ~ Leb[−1,1]: (1/3)·1·(2/3) — degrees within 2n−1.
    let value = 0;
    for (let j = 0; j < rule.count; j++) {
      const [x, z, y] = rule.nodes.subarray(3 * j, 3 * j + 3);
      value += rule.weights[j] * x * x * z * z * y * y;
    }
    expect(Math.abs(value - 2 / 9)).toBeLessThan(1e-15);
  });
});
