/** Options of {@link kernelSteinDiscrepancy}. */
export interface SteinKernelOptions {
  /** Scale c > 0 of the inverse multiquadric kernel k(x, y) = (c² + |x − y|²)^β. Default 1. */
  readonly scale?: number;
  /** Exponent β ∈ (−1, 0). Default −1/2. */
  readonly beta?: number;
}

/** A kernel Stein discrepancy estimate. */
export interface SteinDiscrepancy {
  /** KSD² V-statistic (1/N²) Σ_ij u(θ_i, θ_j) ≥ 0. */
  readonly squared: number;
  /**
   * Its expectation when the cloud is an i.i.d. sample of the target itself: (1/N²) Σ_i u(θ_i, θ_i)
   * (the off-diagonal terms have mean 0 then). A KSD² well above this baseline is evidence that the
   * score does not belong to the cloud's law.
   */
  readonly diagonal: number;
}

/**
 * Kernel Stein discrepancy of a particle cloud to the law with score s (docs/math.md §5), with the
 * inverse multiquadric kernel k(x,y) = (c² + |x−y|²)^β (Gorham & Mackey 2017: with β ∈ (−1, 0)
 * KSD → 0 detects convergence). The Stein kernel, r = x − y, q = c² + |r|²:
 *
 *   u(x,y) = s(x)·s(y) q^β + 2β q^{β−1} r·(s(y) − s(x)) − 2βd q^{β−1} − 4β(β−1) q^{β−2} |r|²,
 *
 * and KSD² = E_{x,y∼ν} u(x,y) = 0 iff ν is the law with score s. The V-statistic is returned.
 *
 * Cost O(N² d), no allocation.
 *
 * @param theta N×d row-major particles.
 * @param score N×d, s(θ_i).
 */
export function kernelSteinDiscrepancy(theta: Float64Array, score: Float64Array, particleCount: number, dim: number, options: SteinKernelOptions = {}): SteinDiscrepancy {
  const { scale = 1, beta = -0.5 } = options;
  if (!(scale > 0) || !Number.isFinite(scale)) throw new RangeError(`scale must be a finite number > 0, got ${scale}`);
  if (!(beta > -1 && beta < 0)) throw new RangeError(`beta must lie in (−1, 0), got ${beta}`);
  if (!Number.isInteger(particleCount) || particleCount < 1) throw new RangeError(`particleCount must be an integer ≥ 1, got ${particleCount}`);
  if (theta.length !== particleCount * dim || score.length !== theta.length) {
    throw new RangeError(`theta and score must hold N·d = ${particleCount * dim} numbers, got ${theta.length} and ${score.length}`);
  }
  const c2 = scale * scale;
  let offDiagonal = 0;
  let diagonal = 0;
  for (let i = 0; i < particleCount; i++) {
    const rowI = i * dim;
    let selfProduct = 0;
    for (let c = 0; c < dim; c++) selfProduct += score[rowI + c] * score[rowI + c];
    // r = 0: u = |s|² c^{2β} − 2βd c^{2(β−1)}.
    diagonal += selfProduct * c2 ** beta - 2 * beta * dim * c2 ** (beta - 1);
    for (let j = i + 1; j < particleCount; j++) {
      const rowJ = j * dim;
      let r2 = 0;
      let scoreProduct = 0;
      let driftTerm = 0;
      for (let c = 0; c < dim; c++) {
        const r = theta[rowI + c] - theta[rowJ + c];
        const si = score[rowI + c];
        const sj = score[rowJ + c];
        r2 += r * r;
        scoreProduct += si * sj;
        driftTerm += r * (sj - si);
      }
      const q = c2 + r2;
      const qBeta = q ** beta;
      const qBetaMinus1 = qBeta / q;
      offDiagonal += scoreProduct * qBeta + 2 * beta * qBetaMinus1 * driftTerm - 2 * beta * dim * qBetaMinus1 - 4 * beta * (beta - 1) * (qBetaMinus1 / q) * r2;
    }
  }
  const n2 = particleCount * particleCount;
  return { squared: Math.max(0, (diagonal + 2 * offDiagonal) / n2), diagonal: diagonal / n2 };
}
