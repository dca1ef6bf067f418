import { describe, expect, it } from 'vitest';
import { createRandom } from '../math/random';
import { kthNearestSquaredDistances } from '../estimators/knn-entropy';

/** The scalar loop the SIMD kernel reproduces: each pair once, (x_ic − x_jc)² summed over c in order. */
function scalarNearest(theta: Float64Array, n: number, dim: number): Float64Array {
  const nearest = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  for (let i = 0; i < n; i++) {
    let best = nearest[i];
    for (let j = i + 1; j < n; j++) {
      let squared = 0;
      for (let c = 0; c < dim; c++) {
        const difference = theta[i * dim + c] - theta[j * dim + c];
        squared += difference * difference;
      }
      if (squared < best) best = squared;
      if (squared < nearest[j]) nearest[j] = squared;
    }
    nearest[i] = best;
  }
  return nearest;
}

describe('nearest squared distances in WebAssembly SIMD (k = 1)', () => {
  const rng = createRandom(3);
  for (const [n, dim] of [[2, 1], [3, 6], [101, 6], [1000, 6], [257, 2], [64, 13]] as const) {
    it(`equal the scalar loop bit for bit (N = ${n}, d = ${dim})`, () => {
      const theta = new Float64Array(n * dim);
      rng.fillNormal(theta, 0, theta.length);
      expect(Array.from(kthNearestSquaredDistances(theta, n, dim, 1))).toEqual(Array.from(scalarNearest(theta, n, dim)));
    });
  }

  it('keep duplicates (distance 0), huge coordinates (∞ distances) and a NaN particle as the scalar loop does', () => {
    const dim = 3;
    const theta = Float64Array.from([0, 0, 0, 1, 2, 3, 0, 0, 0, 1e200, 0, 0, NaN, 1, 1, 5, 5, 5, -1e200, 0, 0]);
    const n = theta.length / dim;
    const simd = kthNearestSquaredDistances(theta, n, dim, 1);
    expect(Array.from(simd)).toEqual(Array.from(scalarNearest(theta, n, dim)));
    expect(simd[0]).toBe(0);
    expect(simd[4]).toBe(Number.POSITIVE_INFINITY);
  });
});
