import type { ProductStructure } from '@mfpg/core';

/**
 * Writes one particle's drift from its product-grid sums (docs/math.md §3). With θ = (c, w_S, w_A, b)
 * and the kernel's sums valueSum = Σ_j W_j ϱ(z_j), rowSlope_o = Σ_i W_oi ϱ'(z_oi)/γ and
 * columnSlope_i = Σ_o W_oi ϱ'(z_oi)/γ (γ: a constant factor of ϱ' the sums leave out, 1 if none):
 * ∂c = ℓ'(c)·valueSum, ∂w_S = γℓ(c)·Σ_o rowSlope_o outer_o, ∂w_A = γℓ(c)·Σ_i columnSlope_i inner_i,
 * ∂b = γℓ(c)·Σ_o rowSlope_o.
 *
 * @param outputWeightSlope ℓ'(c).
 * @param slopeScale γ·ℓ(c).
 * @param out N×d row-major drift; the particle's row starts at `base` and is overwritten.
 */
export function writeProductGridGradient(
  grid: ProductStructure,
  base: number,
  outputWeightSlope: number,
  valueSum: number,
  slopeScale: number,
  rowSlope: Float64Array,
  columnSlope: Float64Array,
  out: Float64Array,
): void {
  const { outerCount, outerDim, outer, innerCount, innerDim, inner } = grid;
  const featureDim = outerDim + innerDim;
  const outerWeights = base + 1;
  const innerWeights = outerWeights + outerDim;
  out[base] = outputWeightSlope * valueSum;
  out.fill(0, outerWeights, outerWeights + featureDim);
  let slopeSum = 0;
  for (let o = 0, row = 0; o < outerCount; o++, row += outerDim) {
    const slope = rowSlope[o];
    slopeSum += slope;
    for (let k = 0; k < outerDim; k++) out[outerWeights + k] += slope * outer[row + k];
  }
  for (let i = 0, row = 0; i < innerCount; i++, row += innerDim) {
    const slope = columnSlope[i];
    for (let k = 0; k < innerDim; k++) out[innerWeights + k] += slope * inner[row + k];
  }
  for (let k = 0; k < featureDim; k++) out[outerWeights + k] *= slopeScale;
  out[outerWeights + featureDim] = slopeScale * slopeSum;
}
