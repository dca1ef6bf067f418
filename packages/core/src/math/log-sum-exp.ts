/**
 * Stable log Σ_k w_k e^{v_k} = log Σ_k exp(v_k + log w_k): the policy's log-partition
 * log Z(s) = log ∫ e^{f(s,a)} μ(da) is always computed this way (docs/math.md §2).
 *
 * Reads values[offset … offset+count) and, when given, logWeights[0 … count) (aligned with the
 * slice, e.g. log μ-quadrature weights; a zero weight is −∞). Shifting by the largest term
 * m = max_k(v_k + log w_k) keeps every exponential in [0, 1]: the result is
 * m + log1p(Σ_{k ≠ argmax} e^{v_k + log w_k − m}), accurate to a few ulps of |m| + 1 and never
 * overflowing. Returns −∞ for an empty or all-(−∞) sum, +∞ if any term is +∞, NaN if any is NaN.
 * No allocation.
 */
export function logSumExp(
  values: ArrayLike<number>,
  logWeights?: ArrayLike<number>,
  offset = 0,
  count = values.length - offset,
): number {
  let max = -Infinity;
  let argMax = -1;
  for (let k = 0; k < count; k++) {
    const term = values[offset + k] + (logWeights === undefined ? 0 : logWeights[k]);
    if (Number.isNaN(term)) return Number.NaN;
    if (term > max) {
      max = term;
      argMax = k;
    }
  }
  if (max === -Infinity || max === Infinity) return max;
  let rest = 0;
  for (let k = 0; k < count; k++) {
    if (k === argMax) continue;
    rest += Math.exp(values[offset + k] + (logWeights === undefined ? 0 : logWeights[k]) - max);
  }
  return max + Math.log1p(rest);
}
