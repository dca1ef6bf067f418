/**
 * out[k] = Σ_j weights[j] · x_jk for k < p (points in order, M×p row-major x): the drift of any
 * unit whose ∇_θφ is linear in the features (linear, separable units; docs/math.md §3).
 */
export function weightedFeatureSum(x: Float64Array, p: number, count: number, weights: Float64Array, out: Float64Array): void {
  out.fill(0, 0, p);
  for (let j = 0, row = 0; j < count; j++, row += p) {
    const weight = weights[j];
    for (let k = 0; k < p; k++) out[k] += weight * x[row + k];
  }
}
