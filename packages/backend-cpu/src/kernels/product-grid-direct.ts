import type { LogisticForm } from '@mfpg/core';
import { logisticSlope, logisticValue } from './logistic-form-values';

/**
 * The pair-by-pair path of the logistic product-grid drift, for particles whose pre-activations
 * leave the split exponentials' safe range: the weighted sums of one particle, ϱ and ϱ' from the
 * form at z = u_o + v_i. Sets rowSlope[o] = Σ_i W_oi ϱ'(z_oi), adds Σ_o W_oi ϱ'(z_oi) to
 * columnSlope[i] (which must start at 0), and returns Σ_oi W_oi ϱ(z_oi). `weights` starts at
 * `weightsAt` in its array.
 */
export function directDriftSums(
  form: LogisticForm,
  u: Float64Array,
  outerCount: number,
  v: Float64Array,
  innerCount: number,
  weights: Float64Array,
  weightsAt: number,
  rowSlope: Float64Array,
  columnSlope: Float64Array,
): number {
  let valueSum = 0;
  for (let o = 0, row = weightsAt; o < outerCount; o++, row += innerCount) {
    const uo = u[o];
    let slopeSum = 0;
    for (let i = 0; i < innerCount; i++) {
      const z = uo + v[i];
      const weight = weights[row + i];
      valueSum += weight * logisticValue(form, z);
      const slope = weight * logisticSlope(form, z);
      slopeSum += slope;
      columnSlope[i] += slope;
    }
    rowSlope[o] = slopeSum;
  }
  return valueSum;
}
