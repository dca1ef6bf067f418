import { describe, expect, it } from 'vitest';
import { DenseLuSolver } from './dense-lu-solver';

/** Deterministic uniforms on (−1, 1) (mulberry32), so the test needs no Random implementation. */
function uniforms(seed: number, count: number): Float64Array {
  const out = new Float64Array(count);
  let state = seed >>> 0;
  for (let i = 0; i < count; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    out[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return out;
}

/** ‖M x − b‖_∞ / (‖M‖_∞ ‖x‖_∞) for M = A or Aᵀ: the backward-error measure LU controls. */
function relativeResidual(a: Float64Array, n: number, x: Float64Array, b: Float64Array, transposed: boolean): number {
  let residual = 0;
  let norm = 0;
  let xNorm = 0;
  for (let i = 0; i < n; i++) {
    let sum = -b[i];
    let row = 0;
    for (let j = 0; j < n; j++) {
      const entry = transposed ? a[j * n + i] : a[i * n + j];
      sum += entry * x[j];
      row += Math.abs(entry);
    }
    residual = Math.max(residual, Math.abs(sum));
    norm = Math.max(norm, row);
    xNorm = Math.max(xNorm, Math.abs(x[i]));
  }
  return residual / (norm * xNorm);
}

describe('DenseLuSolver', () => {
  it('solves random systems and their transposes with residual ≲ n·eps·‖A‖‖x‖', () => {
    for (const n of [1, 2, 5, 17, 64]) {
      const solver = new DenseLuSolver(n);
      const a = uniforms(n, n * n);
      const original = a.slice();
      const b = uniforms(1000 + n, n);
      const x = new Float64Array(n);
      solver.factor(a);
      expect(a).toEqual(original);
      solver.solve(b, x);
      // Partial pivoting's growth factor on random matrices is O(n^{1/2}); a bound of n·eps leaves it room
      // while any wrong elimination or permutation step gives an O(1) residual.
      expect(relativeResidual(a, n, x, b, false)).toBeLessThan(n * Number.EPSILON);
      solver.solveTransposed(b, x);
      expect(relativeResidual(a, n, x, b, true)).toBeLessThan(n * Number.EPSILON);
    }
  });

  it('needs pivoting where the leading entry is zero, and allows out to alias b', () => {
    const solver = new DenseLuSolver(3);
    solver.factor(Float64Array.from([0, 2, 1, 1, 0, 0, 0, 1, 3]));
    const b = Float64Array.from([5, 1, 7]);
    solver.solve(b, b);
    // Row 1 gives x0 = 1; 2x1 + x2 = 5 and x1 + 3x2 = 7 give x1 = 1.6, x2 = 1.8.
    expect(b[0]).toBeCloseTo(1, 15);
    expect(b[1]).toBeCloseTo(1.6, 15);
    expect(b[2]).toBeCloseTo(1.8, 15);
    const c = Float64Array.from([1, 2, 3]);
    solver.solveTransposed(c, c);
    // Aᵀ = [[0,1,0],[2,0,1],[1,0,3]]: y1 = 1, 2y0 + y2 = 2, y0 + 3y2 = 3 → y0 = 0.6, y2 = 0.8.
    expect(c[0]).toBeCloseTo(0.6, 15);
    expect(c[1]).toBeCloseTo(1, 15);
    expect(c[2]).toBeCloseTo(0.8, 15);
  });

  it('rejects singular matrices with a clear error', () => {
    const solver = new DenseLuSolver(2);
    expect(() => solver.factor(Float64Array.from([1, 2, 2, 4]))).toThrow(/singular/);
    expect(() => solver.solve(new Float64Array(2), new Float64Array(2))).toThrow(/factor\(\)/);
    // Rank-deficient only up to rounding: row 2 = row 0 + row 1.
    const n = 6;
    const a = uniforms(7, n * n);
    for (let j = 0; j < n; j++) a[2 * n + j] = a[j] + a[n + j];
    expect(() => new DenseLuSolver(n).factor(a)).toThrow(/singular/);
    expect(() => new DenseLuSolver(2).factor(new Float64Array(3))).toThrow(/2×2/);
  });
});
