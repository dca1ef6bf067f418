import { describe, expect, it } from 'vitest';
import { DenseLuSolver } from '../math/dense-lu-solver';
import { createRandom } from '../math/random';
import { RestartedGmres } from './restarted-gmres';

describe('RestartedGmres', () => {
  it('solves I − γP (P a random stochastic matrix) to the requested residual, matching dense LU', () => {
    const n = 150;
    const gamma = 0.99;
    const rng = createRandom(11);
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      let sum = 0;
      const row = new Float64Array(n);
      for (let j = 0; j < n; j++) sum += row[j] = rng.uniform() ** 8;
      for (let j = 0; j < n; j++) a[i * n + j] = (i === j ? 1 : 0) - (gamma * row[j]) / sum;
    }
    const b = Float64Array.from({ length: n }, () => rng.normal());
    const apply = (x: Float64Array, out: Float64Array) => {
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += a[i * n + j] * x[j];
        out[i] = s;
      }
    };
    const gmres = new RestartedGmres(n, 10);
    const x = new Float64Array(n);
    gmres.solve(apply, b, x, 1e-12, 10_000);
    const reference = new Float64Array(n);
    const lu = new DenseLuSolver(n);
    lu.factor(a);
    lu.solve(b, reference);
    expect(gmres.lastRelativeResidual).toBeLessThanOrEqual(1e-12);
    // ‖x − x*‖∞ ≤ ‖A^{-1}‖∞ ‖r‖∞ ≤ ‖r‖₂/(1−γ).
    let scale = 0;
    for (let i = 0; i < n; i++) scale += b[i] * b[i];
    const bound = (1e-12 * Math.sqrt(scale)) / (1 - gamma);
    for (let i = 0; i < n; i++) expect(Math.abs(x[i] - reference[i])).toBeLessThan(bound);
    // Warm start from the solution: one product confirms convergence.
    gmres.solve(apply, b, x, 1e-12, 10_000);
    expect(gmres.lastIterations).toBe(1);
  });

  it('throws when the budget is exhausted', () => {
    const gmres = new RestartedGmres(50, 5);
    const b = new Float64Array(50).fill(1);
    // A = diag(1 … 50) needs more than 3 products.
    expect(() => gmres.solve((x, out) => x.forEach((v, i) => (out[i] = (i + 1) * v)), b, new Float64Array(50), 1e-12, 3)).toThrow(/relative residual/);
  });

  it('throws at once on a non-finite right-hand side', () => {
    const gmres = new RestartedGmres(4);
    const b = Float64Array.from([1, Number.NaN, 0, 0]);
    expect(() => gmres.solve((x, out) => out.set(x), b, new Float64Array(4), 1e-10, 1000)).toThrow(/non-finite/);
    expect(gmres.lastIterations).toBe(1);
  });
});
