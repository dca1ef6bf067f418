import { digamma, logGamma } from '../math/gamma-functions';
import { nearestSquaredDistancesSimd } from '../wasm/knn-kernels';
import type { ParameterPrior } from '../plugin-points/parameter-prior';

/**
 * Kozachenko–Leonenko k-nearest-neighbour estimate of the differential entropy H(ν) = −∫ ν log ν
 * of a particle cloud (docs/math.md §5), in nats:
 *
 *   Ĥ = ψ(N) − ψ(k) + log V_d + (d/N) Σ_i log ε_{i,k},   V_d = π^{d/2} / Γ(d/2 + 1),
 *
 * with ε_{i,k} the Euclidean distance from θ_i to its k-th nearest other particle.
 *
 * Accuracy for N i.i.d. particles (k = 1): standard error ≈ sqrt((π²/6 + Var log ν(θ))/N) — the
 * first term from N·ν(θ_i)·V_d ε^d being close to Exp(1) — plus a bias, negative for Gaussians,
 * that grows with d: o(N^{−1/2}) for d ≤ 3, O(N^{−2/d}) beyond (for a standard Gaussian we
 * measured −1.4/√N at d = 4 and −0.05 to −0.065 at d = 6 for N = 1000…4000).
 *
 * Duplicated particles: if θ_i has at least k exact copies, ε_{i,k} = 0 and Ĥ = −∞ (the cloud has
 * an atom, whose differential entropy is −∞). A NaN or infinite coordinate gives NaN.
 *
 * Cost: brute force, O(N² d) time, each pair visited once; O(N k) scratch allocated per call.
 * N = 1000, d = 6 takes a few milliseconds.
 *
 * @param theta N×d row-major particle positions.
 * @param particleCount N ≥ 2.
 * @param dim d ≥ 1.
 * @param k neighbour rank, an integer in [1, N − 1].
 */
export function knnEntropy(theta: Float64Array, particleCount: number, dim: number, k = 1): number {
  return knnEntropyWithError(theta, particleCount, dim, k).entropy;
}

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
 * The one k-NN entropy estimator: {@link knnEntropy}'s Ĥ together with its standard error, which the
 * monotonicity check needs to tell estimator noise from a real decrease of J. A NaN or infinite
 * coordinate gives NaN for both; arguments, accuracy and cost as for {@link knnEntropy}.
 */
export function knnEntropyWithError(theta: Float64Array, particleCount: number, dim: number, k = 1): EntropyEstimate {
  checkCloud(theta, particleCount, dim, k);
  if (!allFinite(theta)) return { entropy: Number.NaN, standardError: Number.NaN };
  const kth = kthNearestSquaredDistances(theta, particleCount, dim, k);
  let sumLogSquared = 0;
  let sumTerms = 0;
  let sumSquaredTerms = 0;
  for (let i = 0; i < particleCount; i++) {
    const logSquared = Math.log(kth[i]);
    sumLogSquared += logSquared;
    // The per-particle term d·log ε = (d/2)·log ε².
    const term = 0.5 * dim * logSquared;
    sumTerms += term;
    sumSquaredTerms += term * term;
  }
  const meanTerm = sumTerms / particleCount;
  const variance = Math.max(0, (sumSquaredTerms - particleCount * meanTerm * meanTerm) / (particleCount - 1));
  return {
    entropy: knnEntropyOffset(particleCount, dim, k) + (0.5 * dim * sumLogSquared) / particleCount,
    standardError: Math.sqrt(variance / particleCount),
  };
}

/** The constant part ψ(N) − ψ(k) + log V_d of the Kozachenko–Leonenko estimate (docs/math.md §5). */
export function knnEntropyOffset(particleCount: number, dim: number, k: number): number {
  const logUnitBallVolume = 0.5 * dim * Math.log(Math.PI) - logGamma(0.5 * dim + 1);
  return digamma(particleCount) - digamma(k) + logUnitBallVolume;
}

/**
 * Estimate of KL(ν^N | g) for the Gibbs prior g = e^{−U}/Z_U (docs/math.md §3, §5):
 *
 *   KL̂ = −Ĥ + (1/N) Σ_i U(θ_i) + log Z_U,
 *
 * the k-NN entropy {@link knnEntropy} combined with the exact cross-entropy of the cloud. Duplicated
 * particles give +∞. Arguments as for {@link knnEntropy}.
 */
export function klToPrior(theta: Float64Array, particleCount: number, dim: number, prior: ParameterPrior, k = 1): number {
  return -knnEntropy(theta, particleCount, dim, k) + crossEntropyToPrior(theta, particleCount, dim, prior);
}

/**
 * The cross-entropy −∫ log g dν^N = (1/N) Σ_i U(θ_i) + log Z_U of the cloud against the prior,
 * exact for the empirical measure: KL(ν|g) = −H(ν) + this.
 */
export function crossEntropyToPrior(theta: Float64Array, particleCount: number, dim: number, prior: ParameterPrior): number {
  let potentialSum = 0;
  for (let i = 0; i < particleCount; i++) potentialSum += prior.potential(theta.subarray(i * dim, (i + 1) * dim));
  return potentialSum / particleCount + prior.logNormalizer(dim);
}

/**
 * ε²_{i,k}, the squared distance from each particle to its k-th nearest other particle (N values;
 * brute force O(N²d), each pair once). k = 1: a running minimum in WebAssembly SIMD
 * (wasm/knn-kernels.ts); k > 1: each particle keeps its k smallest squared distances, sorted
 * ascending, in its own slice of an N×k buffer (insertion into a short sorted list is the cheapest
 * for k ≪ N).
 */
export function kthNearestSquaredDistances(theta: Float64Array, particleCount: number, dim: number, k: number): Float64Array {
  if (k === 1) return nearestSquaredDistancesSimd(theta, particleCount, dim);
  const smallest = new Float64Array(particleCount * k).fill(Number.POSITIVE_INFINITY);
  for (let i = 0; i < particleCount; i++) {
    const rowI = i * dim;
    for (let j = i + 1; j < particleCount; j++) {
      const rowJ = j * dim;
      let squared = 0;
      for (let c = 0; c < dim; c++) {
        const difference = theta[rowI + c] - theta[rowJ + c];
        squared += difference * difference;
      }
      insertSorted(smallest, i * k, k, squared);
      insertSorted(smallest, j * k, k, squared);
    }
  }
  const kth = new Float64Array(particleCount);
  for (let i = 0; i < particleCount; i++) kth[i] = smallest[i * k + k - 1];
  return kth;
}

/** Inserts value into the ascending list list[start … start+length), dropping its largest entry. */
function insertSorted(list: Float64Array, start: number, length: number, value: number): void {
  let slot = start + length - 1;
  if (!(value < list[slot])) return;
  while (slot > start && list[slot - 1] > value) {
    list[slot] = list[slot - 1];
    slot--;
  }
  list[slot] = value;
}

function checkCloud(theta: Float64Array, particleCount: number, dim: number, k: number): void {
  if (!Number.isInteger(dim) || dim < 1) throw new RangeError(`dim must be a positive integer, got ${dim}`);
  if (!Number.isInteger(particleCount) || particleCount < 2) {
    throw new RangeError(`a k-NN entropy needs an integer particleCount ≥ 2, got ${particleCount}`);
  }
  if (theta.length !== particleCount * dim) {
    throw new RangeError(`theta must hold N·d = ${particleCount}·${dim} = ${particleCount * dim} numbers, got ${theta.length}`);
  }
  if (!Number.isInteger(k) || k < 1 || k >= particleCount) {
    throw new RangeError(`k must be an integer with 1 ≤ k < N = ${particleCount}, got ${k}`);
  }
}

function allFinite(values: Float64Array): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return false;
  return true;
}
