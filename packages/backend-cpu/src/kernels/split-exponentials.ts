import type { LogisticForm } from '@mfpg/core';

/**
 * Largest |exponent| allowed for one factor e^{κu'}, e^{κv'} in float64: a product of two then lies
 * in [e^{−708}, e^{708}] ⊂ [2.2e−308, 1.8e308], a normal, finite double, so E, 1 + E, r and E·r
 * never overflow, underflow or meet ∞·0 (which would be NaN).
 */
export const FLOAT64_FACTOR_EXPONENT_LIMIT = 354;

/**
 * The same in float32: a product of two factors lies in [e^{−86}, e^{86}] ⊂ [1.18e−38 (e^{−87.3},
 * the least normal float32), 3.4e38 (e^{88.7})], with room for the factors' rounding to float32.
 */
export const FLOAT32_FACTOR_EXPONENT_LIMIT = 43;

/**
 * The shift s for which every factor exponent u_o − s, v_i + s lies within ±factorLimit/|κ|: s = 0
 * when that already holds (no extra rounding), else s = (centre of u − centre of v)/2, which centres
 * both ranges on half the centre of the z-range. NaN when no such s is found — some |z| or the
 * spread of u or v is then of order factorLimit/|κ| or more — and the caller evaluates this particle
 * pair by pair instead. NaN or ±∞ in u or v also give NaN (Math.min/max propagate NaN).
 */
function splitShift(
  form: LogisticForm,
  u: Float64Array,
  outerCount: number,
  v: Float64Array,
  innerCount: number,
  factorLimit: number,
): number {
  const limit = factorLimit / Math.abs(form.kappa);
  let uMin = Infinity;
  let uMax = -Infinity;
  for (let o = 0; o < outerCount; o++) {
    uMin = Math.min(uMin, u[o]);
    uMax = Math.max(uMax, u[o]);
  }
  let vMin = Infinity;
  let vMax = -Infinity;
  for (let i = 0; i < innerCount; i++) {
    vMin = Math.min(vMin, v[i]);
    vMax = Math.max(vMax, v[i]);
  }
  if (shiftFits(0, uMin, uMax, vMin, vMax, limit)) return 0;
  const shift = (uMin + uMax - (vMin + vMax)) / 4;
  return shiftFits(shift, uMin, uMax, vMin, vMax, limit) ? shift : NaN;
}

/**
 * Fills eu[o] = e^{κ(u_o − s)} and ev[i] = e^{κ(v_i + s)} (Math.exp), so that eu[o]·ev[i] =
 * e^{κ(u_o + v_i)}, with splitShift's s for float64 factors. Returns false, filling nothing, when
 * there is none.
 */
export function fillSplitExponentials(
  form: LogisticForm,
  u: Float64Array,
  outerCount: number,
  v: Float64Array,
  innerCount: number,
  eu: Float64Array,
  ev: Float64Array,
): boolean {
  const shift = splitShift(form, u, outerCount, v, innerCount, FLOAT64_FACTOR_EXPONENT_LIMIT);
  if (Number.isNaN(shift)) return false;
  const kappa = form.kappa;
  for (let o = 0; o < outerCount; o++) eu[o] = Math.exp(kappa * (u[o] - shift));
  for (let i = 0; i < innerCount; i++) ev[i] = Math.exp(kappa * (v[i] + shift));
  return true;
}

/**
 * Whether every factor exponent u − s, v + s lies in [−limit, limit] (false for NaN). Rounding is
 * monotone, so checking the extremes covers every node.
 */
function shiftFits(shift: number, uMin: number, uMax: number, vMin: number, vMax: number, limit: number): boolean {
  return Math.max(shift - uMin, uMax - shift, -vMin - shift, vMax + shift) <= limit;
}
