/**
 * Score ∇log ν of a particle cloud by a Gaussian kernel density estimate: with
 * the leave-one-out estimate ν̂_{h,−i} = (1/(N−1)) Σ_{j≠i} N(θ_j, h² I),
 *
 *   ŝ(θ_i) = ∇log ν̂_{h,−i}(θ_i) = Σ_{j≠i} w_ij (θ_j − θ_i) / h²,   w_ij ∝ exp(−|θ_i − θ_j|²/(2h²)), Σ_{j≠i} w_ij = 1.
 *
 * Leaving θ_i out matters: its own kernel adds weight but no displacement and would shrink the
 * score towards 0, most where particles are sparse. As N → ∞ the estimate tends to the exact score
 * of ν smoothed by N(0, h²I): for ν = N(m, s²I), −(θ − m)/(s² + h²), a known O(h²) bias.
 *
 * Cost O(N² d); the weights are normalised with a per-row maximum (log-sum-exp) so distant
 * clouds do not underflow.
 *
 * @param theta N×d row-major particles.
 * @param out N×d, receives ŝ(θ_i).
 * @param bandwidth h > 0; omitted: {@link scoreBandwidth}.
 * @returns the bandwidth used.
 */
export function gaussianKernelScore(theta: Float64Array, particleCount: number, dim: number, out: Float64Array, bandwidth?: number): number {
  if (!Number.isInteger(particleCount) || particleCount < 2) throw new RangeError(`particleCount must be an integer ≥ 2, got ${particleCount}`);
  if (theta.length !== particleCount * dim || out.length !== theta.length) {
    throw new RangeError(`theta and out must hold N·d = ${particleCount * dim} numbers, got ${theta.length} and ${out.length}`);
  }
  const h = bandwidth ?? scoreBandwidth(theta, particleCount, dim);
  if (!(h > 0) || !Number.isFinite(h)) throw new RangeError(`bandwidth must be a finite number > 0, got ${h}`);
  const inverseTwoH2 = 1 / (2 * h * h);
  const squared = new Float64Array(particleCount);
  for (let i = 0; i < particleCount; i++) {
    const rowI = i * dim;
    let smallest = Number.POSITIVE_INFINITY;
    for (let j = 0; j < particleCount; j++) {
      if (j === i) {
        squared[j] = Number.POSITIVE_INFINITY;
        continue;
      }
      const rowJ = j * dim;
      let s = 0;
      for (let c = 0; c < dim; c++) {
        const difference = theta[rowJ + c] - theta[rowI + c];
        s += difference * difference;
      }
      squared[j] = s;
      if (s < smallest) smallest = s;
    }
    let total = 0;
    for (let c = 0; c < dim; c++) out[rowI + c] = 0;
    for (let j = 0; j < particleCount; j++) {
      if (j === i) continue;
      const weight = Math.exp(-(squared[j] - smallest) * inverseTwoH2);
      total += weight;
      const rowJ = j * dim;
      for (let c = 0; c < dim; c++) out[rowI + c] += weight * (theta[rowJ + c] - theta[rowI + c]);
    }
    const factor = 1 / (total * h * h);
    for (let c = 0; c < dim; c++) out[rowI + c] *= factor;
  }
  return h;
}

/**
 * The normal-reference bandwidth for estimating ∇ν: h = s̄ (4/((d+4) N))^{1/(d+6)}, s̄² the mean
 * coordinate variance (exact AMISE-optimal for a Gaussian ν with covariance s̄²I).
 */
export function scoreBandwidth(theta: Float64Array, particleCount: number, dim: number): number {
  return rootMeanVariance(theta, particleCount, dim) * (4 / ((dim + 4) * particleCount)) ** (1 / (dim + 6));
}

/**
 * The same rule per coordinate, h_c = s_c (4/((d+4) N))^{1/(d+6)} with s_c the standard deviation
 * of coordinate c: a diagonal bandwidth, so coordinates of very different spread (a concentrated
 * bias, a wide output weight) are each smoothed at their own scale. Zero spread gets h_c = 1e-12·(1 + max s).
 *
 * @param out d entries, receives h_c.
 */
export function diagonalScoreBandwidth(theta: Float64Array, particleCount: number, dim: number, out: Float64Array, effectiveCount = particleCount): Float64Array {
  const factor = (4 / ((dim + 4) * effectiveCount)) ** (1 / (dim + 6));
  let largest = 0;
  for (let c = 0; c < dim; c++) {
    out[c] = Math.sqrt(coordinateVariance(theta, particleCount, dim, c)) * factor;
    largest = Math.max(largest, out[c]);
  }
  for (let c = 0; c < dim; c++) if (!(out[c] > 0)) out[c] = 1e-12 * (1 + largest);
  return out;
}

function coordinateVariance(theta: Float64Array, particleCount: number, dim: number, c: number): number {
  let mean = 0;
  for (let i = 0; i < particleCount; i++) mean += theta[i * dim + c];
  mean /= particleCount;
  let squares = 0;
  for (let i = 0; i < particleCount; i++) squares += (theta[i * dim + c] - mean) ** 2;
  return squares / (particleCount - 1);
}

function rootMeanVariance(theta: Float64Array, particleCount: number, dim: number): number {
  let variance = 0;
  for (let c = 0; c < dim; c++) variance += coordinateVariance(theta, particleCount, dim, c);
  return Math.sqrt(variance / dim);
}
