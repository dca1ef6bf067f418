import { describe, expect, it } from 'vitest';
import { logSumExp } from './log-sum-exp';

describe('logSumExp', () => {
  it('equals the naive formula where that is representable (relative 1e-15)', () => {
    const values = [0.3, -1.2, 2.5, 0.01];
    const weights = [0.1, 0.2, 0.3, 0.4];
    const naive = Math.log(values.reduce((sum, v, k) => sum + weights[k] * Math.exp(v), 0));
    expect(Math.abs(logSumExp(values, weights.map(Math.log)) - naive)).toBeLessThan(1e-15 * Math.abs(naive));
    const unweighted = Math.log(values.reduce((sum, v) => sum + Math.exp(v), 0));
    expect(Math.abs(logSumExp(values) - unweighted)).toBeLessThan(1e-15 * Math.abs(unweighted));
  });

  it('does not overflow or underflow: log Σ e^{v + c} = c + log Σ e^{v}', () => {
    const values = [0.3, -1.2, 2.5, 0.01];
    const reference = logSumExp(values);
    for (const c of [1000, -1000, 1e5]) {
      // The result is ≈ c; a few ulps of |c| is the best any method can do.
      expect(Math.abs(logSumExp(values.map((v) => v + c)) - (c + reference))).toBeLessThan(4 * Number.EPSILON * Math.abs(c));
    }
  });

  it('keeps full accuracy when one term dominates: log(1 + x) for tiny x', () => {
    // log(e^0 + e^{−40}) = log1p(e^{−40}) ≈ 4.2e−18; log(1 + 4.2e−18) in floating point would give 0.
    expect(logSumExp([0, -40])).toBeCloseTo(Math.log1p(Math.exp(-40)), 30);
    expect(logSumExp([0, -40]) / Math.exp(-40)).toBeCloseTo(1, 14);
  });

  it('reads a slice with aligned log-weights', () => {
    const values = Float64Array.from([99, 1, 2, 3, 99]);
    const logWeights = Float64Array.from([Math.log(0.5), -Infinity, Math.log(0.5)]);
    // Only values 1 and 3 count, each with weight 1/2.
    const expected = Math.log(0.5 * Math.E + 0.5 * Math.exp(3));
    expect(Math.abs(logSumExp(values, logWeights, 1, 3) - expected)).toBeLessThan(1e-15 * expected);
  });

  it('handles empty, −∞, +∞ and NaN terms', () => {
    expect(logSumExp([])).toBe(-Infinity);
    expect(logSumExp([-Infinity, -Infinity])).toBe(-Infinity);
    expect(logSumExp([1, Infinity])).toBe(Infinity);
    expect(logSumExp([1, Number.NaN])).toBeNaN();
    expect(logSumExp([2, -Infinity])).toBe(2);
  });
});
