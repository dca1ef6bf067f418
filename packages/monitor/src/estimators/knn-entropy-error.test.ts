import { createRandom, knnEntropy } from '@mfpg/core';
import { describe, expect, it } from 'vitest';
import { knnEntropyWithError } from './knn-entropy-error';

const rng = createRandom(51);

describe('knnEntropyWithError', () => {
  it('gives the same estimate as knnEntropy of @mfpg/core (to round-off)', () => {
    const theta = new Float64Array(300 * 3);
    rng.fillNormal(theta);
    for (const k of [1, 3]) expect(knnEntropyWithError(theta, 300, 3, k).entropy).toBeCloseTo(knnEntropy(theta, 300, 3, k), 12);
  });

  it('has a standard error close to sqrt((π²/6 + d/2)/N) for a Gaussian cloud, and it covers the truth', () => {
    // k = 1, ν = N(0, I_d): Var log ν(θ) = d/2, so the per-particle spread tends to π²/6 + d/2.
    const n = 1000;
    const dim = 2;
    const theta = new Float64Array(n * dim);
    rng.fillNormal(theta);
    const { entropy, standardError } = knnEntropyWithError(theta, n, dim);
    const predicted = Math.sqrt((Math.PI ** 2 / 6 + dim / 2) / n);
    // The sample sd of N terms is itself within ~10% for N = 1000 (heavy-ish log-Exp tails).
    expect(Math.abs(standardError / predicted - 1)).toBeLessThan(0.15);
    const truth = 0.5 * dim * Math.log(2 * Math.PI * Math.E);
    expect(Math.abs(entropy - truth)).toBeLessThan(4 * standardError);
  });
});
