import { diagonalScoreBandwidth } from './kernel-score';

/**
 * Two independent Gaussian-kernel estimates of the score ∇log ν at every particle: ŝ^A(θ_i) from
 * the even-indexed particles and ŝ^B(θ_i) from the odd-indexed ones (θ_i itself always left out),
 * each as in {@link gaussianKernelScore}:
 *
 *   ŝ^A(θ_i) = Σ_{j even, j≠i} w_ij (θ_j − θ_i)/h² / Σ_{j even, j≠i} w_ij,   likewise ŝ^B over odd j.
 *
 * Their errors are independent given θ_i, so E[(a − c ŝ^A)·(a − c ŝ^B)] = |a − c E ŝ|²: a quadratic
 * form of the score without the upward bias E|ŝ − ∇log ν|² a single estimate brings (cross-fitting).
 * Used by the energy dissipation (docs/math.md §4 item 1).
 *
 * The kernel is Gaussian with a diagonal bandwidth diag(h_c²): w_ij = exp(−Σ_c (θ_jc − θ_ic)²/(2h_c²)),
 * score component c = Σ w_ij (θ_jc − θ_ic)/h_c² / Σ w_ij. Default h: {@link diagonalScoreBandwidth}
 * for N/2 particles (each half's size); a number gives the same h in every coordinate.
 *
 * Cost O(N² d), one pass over pairs; O(N + d) scratch per call.
 *
 * @param theta N×d row-major, N ≥ 3 (each half needs a particle other than θ_i).
 * @param outA N×d, receives ŝ^A. @param outB N×d, receives ŝ^B.
 * @returns the bandwidths used, h_c per coordinate.
 */
export function crossFittedKernelScores(theta: Float64Array, particleCount: number, dim: number, outA: Float64Array, outB: Float64Array, bandwidth?: number): Float64Array {
  if (!Number.isInteger(particleCount) || particleCount < 3) throw new RangeError(`particleCount must be an integer ≥ 3, got ${particleCount}`);
  if (theta.length !== particleCount * dim || outA.length !== theta.length || outB.length !== theta.length) {
    throw new RangeError(`theta, outA and outB must hold N·d = ${particleCount * dim} numbers`);
  }
  const h = new Float64Array(dim);
  if (bandwidth === undefined) diagonalScoreBandwidth(theta, particleCount, dim, h, particleCount / 2);
  else {
    if (!(bandwidth > 0) || !Number.isFinite(bandwidth)) throw new RangeError(`bandwidth must be a finite number > 0, got ${bandwidth}`);
    h.fill(bandwidth);
  }
  const inverseTwoH2 = h.map((x) => 1 / (2 * x * x));
  const inverseH2 = h.map((x) => 1 / (x * x));
  const squared = new Float64Array(particleCount);
  for (let i = 0; i < particleCount; i++) {
    const rowI = i * dim;
    // One shift per half keeps the exponentials of each half's nearest particle at 1 (no underflow).
    let nearestEven = Number.POSITIVE_INFINITY;
    let nearestOdd = Number.POSITIVE_INFINITY;
    for (let j = 0; j < particleCount; j++) {
      if (j === i) continue;
      const rowJ = j * dim;
      let s = 0;
      for (let c = 0; c < dim; c++) {
        const difference = theta[rowJ + c] - theta[rowI + c];
        s += difference * difference * inverseTwoH2[c];
      }
      squared[j] = s;
      if (j % 2 === 0) {
        if (s < nearestEven) nearestEven = s;
      } else if (s < nearestOdd) nearestOdd = s;
    }
    let totalEven = 0;
    let totalOdd = 0;
    for (let c = 0; c < dim; c++) {
      outA[rowI + c] = 0;
      outB[rowI + c] = 0;
    }
    for (let j = 0; j < particleCount; j++) {
      if (j === i) continue;
      const rowJ = j * dim;
      const even = j % 2 === 0;
      const weight = Math.exp(-(squared[j] - (even ? nearestEven : nearestOdd)));
      const out = even ? outA : outB;
      if (even) totalEven += weight;
      else totalOdd += weight;
      for (let c = 0; c < dim; c++) out[rowI + c] += weight * (theta[rowJ + c] - theta[rowI + c]);
    }
    for (let c = 0; c < dim; c++) {
      outA[rowI + c] *= inverseH2[c] / totalEven;
      outB[rowI + c] *= inverseH2[c] / totalOdd;
    }
  }
  return h;
}
