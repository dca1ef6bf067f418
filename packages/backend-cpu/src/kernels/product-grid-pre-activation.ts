import type { ProductStructure } from '@mfpg/core';

/**
 * Splits the neuron's pre-activation over a product grid (point j = o·I + i, x_j = [outer_o, inner_i]):
 * z_j = w·x_j + b = u_o + v_i with u_o = b + w_S·outer_o and v_i = w_A·inner_i, where w = (w_S, w_A).
 *
 * @param theta N×d row-major particles; the particle starts at `base`, θ = (c, w_S, w_A, b).
 * @param u out: u_o for o < outerCount.
 * @param v out: v_i for i < innerCount.
 */
export function splitPreActivation(
  theta: Float64Array,
  base: number,
  grid: ProductStructure,
  u: Float64Array,
  v: Float64Array,
): void {
  const { outerCount, outerDim, outer, innerCount, innerDim, inner } = grid;
  const outerWeights = base + 1;
  const innerWeights = outerWeights + outerDim;
  const bias = theta[innerWeights + innerDim];
  for (let o = 0, row = 0; o < outerCount; o++, row += outerDim) {
    let sum = bias;
    for (let k = 0; k < outerDim; k++) sum += theta[outerWeights + k] * outer[row + k];
    u[o] = sum;
  }
  for (let i = 0, row = 0; i < innerCount; i++, row += innerDim) {
    let sum = 0;
    for (let k = 0; k < innerDim; k++) sum += theta[innerWeights + k] * inner[row + k];
    v[i] = sum;
  }
}
