import type { Activation } from '@mfpg/core';

/**
 * The pair-by-pair path of the product-grid kernels, for particles whose pre-activations leave a
 * separable form's safe range: it calls the activation on z = u_o + v_i, like the general kernel.
 */

/** out[o·I + i] += ℓ·ϱ(u_o + v_i). */
export function addDirectValues(
  activation: Activation,
  ell: number,
  u: Float64Array,
  outerCount: number,
  v: Float64Array,
  innerCount: number,
  out: Float64Array,
): void {
  for (let o = 0, row = 0; o < outerCount; o++, row += innerCount) {
    const uo = u[o];
    for (let i = 0; i < innerCount; i++) out[row + i] += ell * activation.value(uo + v[i]);
  }
}

/**
 * The weighted sums of one particle's drift: rowSlope[o] = Σ_i W_oi ϱ'(z_oi),
 * columnSlope[i] += Σ_o W_oi ϱ'(z_oi) (columnSlope must start at 0), and returns Σ_oi W_oi ϱ(z_oi).
 */
export function directDriftSums(
  activation: Activation,
  u: Float64Array,
  outerCount: number,
  v: Float64Array,
  innerCount: number,
  weights: Float64Array,
  rowSlope: Float64Array,
  columnSlope: Float64Array,
): number {
  let valueSum = 0;
  for (let o = 0, row = 0; o < outerCount; o++, row += innerCount) {
    const uo = u[o];
    let slopeSum = 0;
    for (let i = 0; i < innerCount; i++) {
      const z = uo + v[i];
      const weight = weights[row + i];
      valueSum += weight * activation.value(z);
      const slope = weight * activation.derivative(z);
      slopeSum += slope;
      columnSlope[i] += slope;
    }
    rowSlope[o] = slopeSum;
  }
  return valueSum;
}
