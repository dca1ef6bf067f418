import { createRandom } from '@mfpg/core';
import { describe, expect, it } from 'vitest';
import { crossFittedKernelScores } from './cross-fitted-score';

describe('crossFittedKernelScores', () => {
  it('gives two score estimates with independent errors: the cross term has no variance bias', () => {
    // ν = N(0, I_d) at stationarity of the OU flow: the true score is −θ. The plug-in mean square
    // error E|ŝ − s|² is large in d = 4; the cross-fitted product E[(ŝ^A − s)·(ŝ^B − s)] keeps only
    // the smoothing bias |E ŝ − s|² ≈ (h²/(1 + h²))² E|θ|², a few per cent of E|θ|² = d.
    const n = 1200;
    const dim = 4;
    const theta = new Float64Array(n * dim);
    createRandom(5).fillNormal(theta);
    const a = new Float64Array(theta.length);
    const b = new Float64Array(theta.length);
    const h = crossFittedKernelScores(theta, n, dim, a, b);
    let crossed = 0;
    let squaredA = 0;
    for (let k = 0; k < theta.length; k++) {
      crossed += (a[k] + theta[k]) * (b[k] + theta[k]);
      squaredA += (a[k] + theta[k]) ** 2;
    }
    crossed /= n;
    squaredA /= n;
    const h2 = h[0] * h[0];
    const smoothingBias = dim * (h2 / (1 + h2)) ** 2;
    expect(squaredA).toBeGreaterThan(5 * smoothingBias);
    // The cross term averages N products of independent O(1) errors: sd ≈ sqrt(squaredA²/N)·√d-ish.
    expect(Math.abs(crossed - smoothingBias)).toBeLessThan(4 * squaredA / Math.sqrt(n) + 0.5 * smoothingBias);
  });

  it('uses one bandwidth per coordinate, proportional to its spread', () => {
    const n = 400;
    const theta = new Float64Array(n * 2);
    const rng = createRandom(6);
    for (let i = 0; i < n; i++) {
      theta[2 * i] = rng.normal();
      theta[2 * i + 1] = 0.01 * rng.normal();
    }
    const h = crossFittedKernelScores(theta, n, 2, new Float64Array(2 * n), new Float64Array(2 * n));
    expect(h[0] / h[1]).toBeGreaterThan(50);
    expect(h[0] / h[1]).toBeLessThan(200);
  });
});
