import { createRandom } from '@mfpg/core';
import { describe, expect, it } from 'vitest';
import { ExactW2 } from './exact-w2';
import { SlicedW2 } from './sliced-w2';
import { referenceSlicedSquaredDistance } from './sliced-w2-reference';

const rng = createRandom(23);

function gaussianCloud(n: number, dim: number, mean: number, std: number): Float64Array {
  const cloud = new Float64Array(n * dim);
  rng.fillNormal(cloud);
  for (let k = 0; k < cloud.length; k++) cloud[k] = mean + std * cloud[k];
  return cloud;
}

describe('SlicedW2', () => {
  it('draws seeded unit directions', () => {
    const first = new SlicedW2({ directions: 16, seed: 3 }).directions(5);
    const again = new SlicedW2({ directions: 16, seed: 3 }).directions(5);
    const other = new SlicedW2({ directions: 16, seed: 4 }).directions(5);
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
    for (let l = 0; l < 16; l++) {
      let norm = 0;
      for (let c = 0; c < 5; c++) norm += first[l * 5 + c] ** 2;
      expect(norm).toBeCloseTo(1, 14);
    }
  });

  it('equals the exact average over its directions for a monotone map (to round-off)', () => {
    // b = m + s·a with s > 0 is monotone along every direction, so each 1-D W2² is
    // (1/N) Σ ⟨ω, b_i − a_i⟩² and SW2² = (1/N) Σ_i v_iᵀ Ω̂ v_i, Ω̂ = (1/L) Σ_l ω_l ω_lᵀ.
    const n = 3000;
    const dim = 3;
    const a = gaussianCloud(n, dim, 0, 1);
    const shift = [0.3, -1, 2];
    const b = a.map((x, k) => shift[k % dim] + 1.4 * x);
    const sliced = new SlicedW2({ directions: 32, seed: 9 });
    const directions = sliced.directions(dim);
    let expected = 0;
    for (let l = 0; l < 32; l++) {
      for (let i = 0; i < n; i++) {
        let dot = 0;
        for (let c = 0; c < dim; c++) dot += directions[l * dim + c] * (b[i * dim + c] - a[i * dim + c]);
        expected += dot * dot;
      }
    }
    expected /= 32 * n;
    expect(Math.abs(sliced.squaredDistance(a, b, n, dim) - expected)).toBeLessThanOrEqual(1e-12 * expected);
  });

  it('agrees with exact W2: |d·SW2²/W2² − 1| ≤ ‖dΩ̂ − I‖ for isotropic displacements; SW2 ≤ W2 always', () => {
    // For a monotone map b = m + s·a, exact W2² = (1/N) Σ |v_i|² and SW2² = (1/N) Σ v_iᵀΩ̂v_i, so
    // |d·SW2² − W2²| ≤ ‖dΩ̂ − I‖₂·W2² ≤ ‖dΩ̂ − I‖_F·W2²: the only error is the Monte Carlo average
    // over directions, O(L^{-1/2}).
    const n = 500;
    const dim = 4;
    const exact = new ExactW2();
    const sliced = new SlicedW2({ directions: 64, seed: 2 });
    const a = gaussianCloud(n, dim, 0, 1);
    const b = a.map((x, k) => (k % dim) * 0.5 - 1 + 1.5 * x);
    const directions = sliced.directions(dim);
    let frobenius = 0;
    for (let p = 0; p < dim; p++) {
      for (let q = 0; q < dim; q++) {
        let entry = 0;
        for (let l = 0; l < 64; l++) entry += directions[l * dim + p] * directions[l * dim + q];
        frobenius += ((dim * entry) / 64 - (p === q ? 1 : 0)) ** 2;
      }
    }
    const w2Squared = exact.squaredDistance(a, b, n, dim);
    const slicedSquared = sliced.squaredDistance(a, b, n, dim);
    expect(Math.abs((dim * slicedSquared) / w2Squared - 1)).toBeLessThanOrEqual(Math.sqrt(frobenius));
    // Projection is 1-Lipschitz: each slice of the optimal coupling is a coupling of the slices, so
    // SW2² ≤ (1/N) Σ v_iᵀΩ̂v_i ≤ λmax(Ω̂)·W2² ≤ W2² (trace Ω̂ = 1), for any clouds.
    const independent = gaussianCloud(n, dim, 0.5, 1.5);
    const skewed = a.map((x, k) => (k % dim === 0 ? x ** 3 : Math.abs(x)));
    for (const other of [independent, skewed]) {
      expect(sliced.squaredDistance(a, other, n, dim)).toBeLessThanOrEqual(exact.squaredDistance(a, other, n, dim));
    }
  });

  it('equals the plain definition bit for bit (dot products in component order, built-in sort)', () => {
    // d = 1, 2, 5, 7 cover every remainder of the three-at-a-time projection; a reused instance
    // (buffers sized for the larger N first) must give the same bits as a fresh one.
    const reused = new SlicedW2({ directions: 5, seed: 4 });
    for (const [n, dim] of [[700, 1], [300, 2], [500, 5], [400, 7]] as const) {
      const a = gaussianCloud(n, dim, 0, 1);
      const b = gaussianCloud(n, dim, 0.4, 2);
      const directions = new SlicedW2({ directions: 5, seed: 4 }).directions(dim);
      let total = 0;
      for (let l = 0; l < 5; l++) {
        const x = new Float64Array(n);
        const y = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          for (let c = 0; c < dim; c++) {
            x[i] += directions[l * dim + c] * a[i * dim + c];
            y[i] += directions[l * dim + c] * b[i * dim + c];
          }
        }
        x.sort();
        y.sort();
        let sum = 0;
        for (let i = 0; i < n; i++) sum += (x[i] - y[i]) ** 2;
        total += sum / n;
      }
      expect(reused.squaredDistance(a, b, n, dim)).toBe(total / 5);
    }
  });

  it('equals the float64 JavaScript reference bit for bit, whatever the thread count', () => {
    // The WebAssembly path projects in float64 in component order, sorts exactly and sums in
    // index order, so no tolerance: the same bits. N·L ≥ 2¹⁶ wakes the workers; L = 7 and 13 leave a
    // partial block of four directions; N = 70 001 takes the three-pass radix sort (N > 2¹⁶).
    for (const [n, dim, directions] of [[16384, 6, 13], [5000, 3, 7], [70001, 2, 3]] as const) {
      const a = gaussianCloud(n, dim, 0, 1);
      const b = gaussianCloud(n, dim, 0.3, 1.2);
      const expected = referenceSlicedSquaredDistance(a, b, n, dim, new SlicedW2({ directions, seed: 8 }).directions(dim));
      for (const threads of [1, 2, 3]) {
        expect(new SlicedW2({ directions, seed: 8, threads }).squaredDistance(a, b, n, dim)).toBe(expected);
      }
    }
  });

  it('stays exact on slices that defeat the radix keys: atoms, heavy tails, an outlier, a far offset', () => {
    // Projections of these clouds crowd most values into few keys of (x − min)·scale, so the sort's
    // insertion pass gives up and its bit-level radix sort takes over: still the same bits.
    const n = 20000;
    const dim = 2;
    const base = gaussianCloud(n, dim, 0, 1);
    const clouds: [string, Float64Array][] = [
      ['atoms', base.map((x) => Math.round(x))],
      ['cauchy', base.map(() => Math.tan(Math.PI * (rng.uniform() - 0.5)))],
      ['one outlier', base.map((x, k) => (k === 11 ? 1e12 : x))],
      ['offset 1e6', base.map((x) => 1e6 + x)],
      ['a point mass', new Float64Array(n * dim).fill(0.25)],
    ];
    const sliced = new SlicedW2({ directions: 8, seed: 5 });
    const directions = sliced.directions(dim);
    for (const [, cloud] of clouds) {
      const other = gaussianCloud(n, dim, 0.1, 1);
      expect(sliced.squaredDistance(cloud, other, n, dim)).toBe(referenceSlicedSquaredDistance(cloud, other, n, dim, directions));
    }
  });

  it('is 0 between a cloud and itself and symmetric', () => {
    const a = gaussianCloud(500, 2, 0, 1);
    const b = gaussianCloud(500, 2, 0.2, 1);
    const sliced = new SlicedW2({ directions: 8 });
    expect(sliced.distance(a, Float64Array.from(a), 500, 2)).toBe(0);
    expect(sliced.distance(a, b, 500, 2)).toBeCloseTo(sliced.distance(b, a, 500, 2), 14);
  });

  it('rejects a bad direction or thread count', () => {
    expect(() => new SlicedW2({ directions: 0 })).toThrow(/directions must be an integer ≥ 1/);
    expect(() => new SlicedW2({ threads: 1.5 })).toThrow(/threads must be an integer ≥ 1/);
  });
});
