import { createRandom } from '@mfpg/core';
import { describe, expect, it } from 'vitest';
import { kernelSteinDiscrepancy } from './kernel-stein-discrepancy';

const rng = createRandom(31);

function standardCloud(n: number, dim: number): Float64Array {
  const cloud = new Float64Array(n * dim);
  rng.fillNormal(cloud);
  return cloud;
}

/** Score of N(mean, I): −(θ − mean). */
function gaussianScore(theta: Float64Array, mean: number): Float64Array {
  return theta.map((x) => -(x - mean));
}

describe('kernelSteinDiscrepancy (IMQ)', () => {
  it('has the mean of its diagonal for a sample of the target: E KSD²_V = E u(θ,θ)/N = 2d/N for N(0, I), c = 1, β = −1/2', () => {
    // u(θ,θ) = |θ|² c^{2β} − 2βd c^{2β−2} = |θ|² + d, mean 2d. The off-diagonal part is a degenerate
    // U-statistic of mean 0 and standard deviation O(1/N); averaging 8 independent clouds, N·KSD²
    // must fall within 2d ± 4·sd/√8, with sd measured from the replicates themselves.
    const dim = 2;
    const n = 400;
    const scaled: number[] = [];
    for (let r = 0; r < 8; r++) {
      const theta = standardCloud(n, dim);
      scaled.push(n * kernelSteinDiscrepancy(theta, gaussianScore(theta, 0), n, dim).squared);
    }
    const mean = scaled.reduce((s, x) => s + x, 0) / scaled.length;
    const sd = Math.sqrt(scaled.reduce((s, x) => s + (x - mean) ** 2, 0) / (scaled.length - 1));
    expect(Math.abs(mean - 2 * dim)).toBeLessThan(4 * (sd / Math.sqrt(scaled.length)) + 0.1);
  });

  it('tends to 0 like 1/N with the right score and stays bounded away from 0 with a wrong one', () => {
    const dim = 2;
    const results = [100, 400, 1600].map((n) => {
      const theta = standardCloud(n, dim);
      return {
        n,
        right: kernelSteinDiscrepancy(theta, gaussianScore(theta, 0), n, dim).squared,
        wrong: kernelSteinDiscrepancy(theta, gaussianScore(theta, 0.5), n, dim).squared,
      };
    });
    // Right score: N·KSD² = O(1) — mean 2d = 4 (previous test); over 30 clouds per N we measured
    // a range 1.6…9 at N = 100, 400 and 1600, so 16 is far in its tail.
    for (const { n, right } of results) expect(n * right).toBeLessThan(16);
    // Wrong score (mean off by 0.5): KSD² tends to a positive constant, ≈ 0.27 (measured: 0.21…0.32
    // at N = 500 and 1600 over 6 clouds each), two orders of magnitude above the right score's 4/N.
    for (const { wrong } of results.slice(1)) expect(wrong).toBeGreaterThan(0.15);
    expect(results[2].wrong).toBeGreaterThan(20 * results[2].right);
  });

  it('is non-negative and rejects bad kernels', () => {
    const theta = standardCloud(50, 3);
    expect(kernelSteinDiscrepancy(theta, theta, 50, 3).squared).toBeGreaterThanOrEqual(0);
    expect(() => kernelSteinDiscrepancy(theta, theta, 50, 3, { beta: -1.5 })).toThrow(/beta must lie in/);
    expect(() => kernelSteinDiscrepancy(theta, theta, 50, 3, { scale: 0 })).toThrow(/scale must be/);
  });
});
