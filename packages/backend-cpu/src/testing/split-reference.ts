import type { LogisticForm } from '@mfpg/core';
import { FLOAT64_FACTOR_EXPONENT_LIMIT } from '../kernels/split-exponentials';

/**
 * The float64 split as scalar JavaScript with Math.exp — what the kernels computed before the split
 * moved into WebAssembly (assembly/logistic-product-grid-split.ts), which must give these bits:
 * the shift s of split-exponentials.ts, then eu[o] = e^{κ(u_o − s)}, ev[i] = e^{κ(v_i + s)}.
 * Returns undefined when no shift fits.
 */
export function referenceSplitExponentials(form: LogisticForm, u: Float64Array, v: Float64Array): { eu: Float64Array; ev: Float64Array } | undefined {
  const limit = FLOAT64_FACTOR_EXPONENT_LIMIT / Math.abs(form.kappa);
  let uMin = Infinity;
  let uMax = -Infinity;
  for (const value of u) {
    uMin = Math.min(uMin, value);
    uMax = Math.max(uMax, value);
  }
  let vMin = Infinity;
  let vMax = -Infinity;
  for (const value of v) {
    vMin = Math.min(vMin, value);
    vMax = Math.max(vMax, value);
  }
  const fits = (s: number) => Math.max(s - uMin, uMax - s, -vMin - s, vMax + s) <= limit;
  let shift = 0;
  if (!fits(shift)) {
    shift = (uMin + uMax - (vMin + vMax)) / 4;
    if (!fits(shift)) return undefined;
  }
  return {
    eu: u.map((value) => Math.exp(form.kappa * (value - shift))),
    ev: v.map((value) => Math.exp(form.kappa * (value + shift))),
  };
}
