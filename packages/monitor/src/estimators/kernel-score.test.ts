import { createRandom } from '@mfpg/core';
import { describe, expect, it } from 'vitest';
import { gaussianKernelScore, scoreBandwidth } from './kernel-score';

const rng = createRandom(41);

describe('gaussianKernelScore', () => {
  it('recovers the Gaussian score −(θ − m)/s² between its smoothed and unsmoothed forms', () => {
    // For ν = N(m, s²I) the ratio of the expected kernel sums is the score of ν * N(0, h²I),
    // slope −1/(s² + h²); the ratio of the random sums is biased back towards −1/s² by O(1/(N h^d)).
    // So the regression slope of ŝ on θ − m lies in [−1/s², −1/(s² + h²)], up to its sampling
    // error (sd ≈ 0.015 relative over seeds for N = 2000; 0.03 allowed on each side).
    const n = 2000;
    const dim = 2;
    const m = 0.7;
    const s = 1.5;
    const theta = new Float64Array(n * dim);
    rng.fillNormal(theta);
    for (let k = 0; k < theta.length; k++) theta[k] = m + s * theta[k];
    const score = new Float64Array(n * dim);
    const h = gaussianKernelScore(theta, n, dim, score);
    expect(h).toBeCloseTo(scoreBandwidth(theta, n, dim), 15);
    let sxy = 0;
    let sxx = 0;
    for (let k = 0; k < theta.length; k++) {
      sxy += (theta[k] - m) * score[k];
      sxx += (theta[k] - m) ** 2;
    }
    const slope = sxy / sxx;
    const relative = slope * (s * s + h * h) + 1;
    expect(relative).toBeGreaterThan(-(h * h) / (s * s) - 0.03);
    expect(relative).toBeLessThan(0.03);
  });

  it('is translation invariant and finite for far-apart particles (no underflow)', () => {
    const theta = Float64Array.from([0, 1000, 1000.5, 3000]);
    const score = new Float64Array(4);
    gaussianKernelScore(theta, 4, 1, score, 0.1);
    for (const x of score) expect(Number.isFinite(x)).toBe(true);
    const shifted = theta.map((x) => x + 5);
    const shiftedScore = new Float64Array(4);
    gaussianKernelScore(shifted, 4, 1, shiftedScore, 0.1);
    for (let k = 0; k < 4; k++) expect(shiftedScore[k]).toBeCloseTo(score[k], 9);
  });
});
