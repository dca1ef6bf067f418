import { kthNearestSquaredDistances, knnEntropyOffset } from '@mfpg/core';

/** A Kozachenko–Leonenko entropy estimate with its standard error. */
export interface EntropyEstimate {
  /** Ĥ in nats (docs/math.md §5). */
  readonly entropy: number;
  /**
   * Standard error of Ĥ from the spread of its per-particle terms: Ĥ = c + (1/N) Σ_i d·log ε_{i,k},
   * and the terms are nearly independent, so sd(d·log ε_{i,k})/√N. For k = 1 their variance tends
   * to π²/6 + Var log ν(θ) — exactly the two sources of noise of the estimator.
   */
  readonly standardError: number;
}

/**
 * Kozachenko–Leonenko entropy (the same estimator as `knnEntropy` of @mfpg/core,
 * Ĥ = ψ(N) − ψ(k) + log V_d + (d/N) Σ log ε_{i,k}) together with its standard error, which the
 * monotonicity check needs to tell estimator noise from a real decrease of J.
 *
 * Cost O(N² d) time, O(N k) scratch. theta: N×d row-major, N ≥ 2, 1 ≤ k < N.
 */
export function knnEntropyWithError(theta: Float64Array, particleCount: number, dim: number, k = 1): EntropyEstimate {
  if (!Number.isInteger(particleCount) || particleCount < 2) throw new RangeError(`particleCount must be an integer ≥ 2, got ${particleCount}`);
  if (!Number.isInteger(dim) || dim < 1) throw new RangeError(`dim must be an integer ≥ 1, got ${dim}`);
  if (!Number.isInteger(k) || k < 1 || k >= particleCount) throw new RangeError(`k must be an integer with 1 ≤ k < N = ${particleCount}, got ${k}`);
  if (theta.length !== particleCount * dim) throw new RangeError(`theta must hold N·d = ${particleCount * dim} numbers, got ${theta.length}`);
  const kth = kthNearestSquaredDistances(theta, particleCount, dim, k);
  let sum = 0;
  let sumSquares = 0;
  for (let i = 0; i < particleCount; i++) {
    // d·log ε = (d/2)·log ε².
    const term = 0.5 * dim * Math.log(kth[i]);
    sum += term;
    sumSquares += term * term;
  }
  const mean = sum / particleCount;
  const variance = Math.max(0, (sumSquares - particleCount * mean * mean) / (particleCount - 1));
  return {
    entropy: knnEntropyOffset(particleCount, dim, k) + mean,
    standardError: Math.sqrt(variance / particleCount),
  };
}
