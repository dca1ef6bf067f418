import { createRandom } from '@mfpg/core';
import { describe, expect, it } from 'vitest';
import { ExactW2, exactW2 } from './exact-w2';

const rng = createRandom(11);

function gaussianCloud(n: number, dim: number, mean: number, std: number): Float64Array {
  const cloud = new Float64Array(n * dim);
  rng.fillNormal(cloud);
  for (let k = 0; k < cloud.length; k++) cloud[k] = mean + std * cloud[k];
  return cloud;
}

/** 1-D W2² between equal-size samples: the monotone (sorted) coupling is optimal. */
function sortedW2Squared(a: Float64Array, b: Float64Array): number {
  const x = Float64Array.from(a).sort();
  const y = Float64Array.from(b).sort();
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += (x[i] - y[i]) ** 2;
  return sum / x.length;
}

describe('ExactW2', () => {
  it('equals the sorted coupling in one dimension (to round-off)', () => {
    const w2 = new ExactW2();
    for (const n of [1, 2, 7, 300]) {
      const a = gaussianCloud(n, 1, 0, 1);
      const b = gaussianCloud(n, 1, 0.5, 2);
      const reference = sortedW2Squared(a, b);
      // Both sums have N terms of size O(|a|²): relative round-off ~ N·ε.
      expect(w2.squaredDistance(a, b, n, 1)).toBeCloseTo(reference, 12);
      expect(Math.abs(w2.squaredDistance(a, b, n, 1) - reference)).toBeLessThanOrEqual(1e-12 * n * reference + 1e-300);
    }
  });

  it('returns a permutation whose cost is the distance, and 0 between a cloud and its shuffle', () => {
    const n = 200;
    const dim = 3;
    const a = gaussianCloud(n, dim, 0, 1);
    const shuffled = new Float64Array(n * dim);
    for (let i = 0; i < n; i++) shuffled.set(a.subarray(i * dim, (i + 1) * dim), ((i * 37) % n) * dim);
    const w2 = new ExactW2();
    expect(w2.squaredDistance(a, shuffled, n, dim)).toBe(0);
    const seen = new Set(w2.assignment);
    expect(seen.size).toBe(n);
    for (let i = 0; i < n; i++) expect(w2.assignment[i]).toBe((i * 37) % n);
  });

  it('is optimal against a known optimal map: an isotropic affine map x ↦ m + s·x (Brenier)', () => {
    // T = ∇(m·x + s|x|²/2) with s > 0 is the gradient of a convex function, so the coupling
    // (a_i, T(a_i)) is cyclically monotone, hence optimal: W2² = (1/N) Σ |a_i − T(a_i)|² exactly.
    const n = 400;
    const dim = 4;
    const a = gaussianCloud(n, dim, 0, 1);
    const shift = [1, -2, 0.5, 0];
    const s = 1.7;
    const b = new Float64Array(n * dim);
    let cost = 0;
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < dim; c++) {
        b[i * dim + c] = shift[c] + s * a[i * dim + c];
        cost += (b[i * dim + c] - a[i * dim + c]) ** 2;
      }
    }
    cost /= n;
    expect(Math.abs(new ExactW2().squaredDistance(a, b, n, dim) - cost)).toBeLessThanOrEqual(1e-12 * n * cost);
  });

  it('matches the Gaussian closed form W2² = |m1 − m2|² + d(s1 − s2)² within 4 standard errors', () => {
    // Isotropic Gaussians N(0, s1²I), N(m, s2²I): tr(Σ1 + Σ2 − 2(Σ2^{1/2}Σ1Σ2^{1/2})^{1/2}) = d(s1 − s2)².
    // The cloud b = m + (s2/s1)·a samples the second law and is optimally coupled to a (previous
    // test), so exact W2² is a mean of N i.i.d. terms |a_i − b_i|² whose mean is the closed form:
    // the tolerance is 4 standard errors of that mean.
    const n = 600;
    const dim = 3;
    const m = [1.5, -0.5, 0];
    const s1 = 1;
    const s2 = 2;
    const closedForm = m.reduce((sum, x) => sum + x * x, 0) + dim * (s1 - s2) ** 2;
    const a = gaussianCloud(n, dim, 0, s1);
    const b = a.map((x, k) => m[k % dim] + (s2 / s1) * x);
    const terms = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let c = 0; c < dim; c++) terms[i] += (a[i * dim + c] - b[i * dim + c]) ** 2;
    const mean = terms.reduce((sum, x) => sum + x, 0) / n;
    const standardError = Math.sqrt(terms.reduce((sum, x) => sum + (x - mean) ** 2, 0) / (n - 1) / n);
    const estimate = exactW2(a, b, n, dim) ** 2;
    expect(Math.abs(estimate - closedForm)).toBeLessThan(4 * standardError);
  });

  it('rejects clouds of different sizes', () => {
    expect(() => exactW2(new Float64Array(6), new Float64Array(4), 3, 2)).toThrow(/N·d = 3·2 = 6/);
  });
});
