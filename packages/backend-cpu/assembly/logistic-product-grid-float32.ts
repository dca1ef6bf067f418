// Float32 SIMD pair loops of the logistic product-grid kernels for `precision: float32`
// (src/kernels/logistic-grid-float32-{forward,drift}-share.ts): with E = e^{κu_o}·e^{κv_i} and
// r = 1/(1 + E), four grid points i per f32x4. Rows of inner values are padded to a multiple of 4
// (`innerStride`) with e^{κv} = 0 and W = 0, whose terms are exactly 0 in the drift. The factors
// stay within e^{±43}, so E lies in [e^{−86}, e^{86}]: normal and finite in float32, never ∞·0.
// Pointers are byte offsets of float32 arrays (float64 where said).

import { expNonPositive } from './logistic-general';
import { splitParticle } from './split-shift';

/**
 * out[k] = e^{κ(x[k] + shift)} rounded to float32 for k < count (x: float64, two per f64x2). The
 * caller keeps |κ(x + shift)| ≤ 43: e^y is e^{−|y|} (expNonPositive, within 2.5·2^−53 relative),
 * for y > 0 its reciprocal (one more rounding), then one rounding to float32: within
 * 2^−24·(1 + 2^−26) relative, as if e^y were rounded once. An odd count's last pair reads one
 * value past x and computes a lane it does not store.
 */
@inline function storeExponentialsFloat32(x: usize, count: i32, kappa: f64, shift: f64, out: usize): void {
  const one = f64x2.splat(1);
  const zero = f64x2.splat(0);
  const kappa2 = f64x2.splat(kappa);
  const shift2 = f64x2.splat(shift);
  for (let k = 0; k < count; k += 2) {
    const y = f64x2.mul(kappa2, f64x2.add(v128.load(x + (<usize>k << 3)), shift2));
    const e = expNonPositive(f64x2.neg(f64x2.abs(y)));
    const value = v128.bitselect(f64x2.div(one, e), e, f64x2.gt(y, zero));
    store<f32>(out + (<usize>k << 2), <f32>f64x2.extract_lane(value, 0));
    if (k + 1 < count) store<f32>(out + (<usize>k << 2), <f32>f64x2.extract_lane(value, 1), 4);
  }
}

/** storeExponentialsFloat32 (the tests' handle on it). */
export function exponentialsFloat32(x: usize, count: i32, kappa: f64, shift: f64, out: usize): void {
  storeExponentialsFloat32(x, count, kappa, shift, out);
}

/**
 * The float32 split of particles [i0, i1) (src/kernels/logistic-grid-split-share.ts), all float64
 * until the exponentials: u, v and the shift s of splitParticle (split-shift.ts) into `scratch`
 * (O + I + 1 doubles) for factor exponents within ±limit (= the factor limit/|κ|), then flags[i] = 1
 * and the particle's row e^{κ(u − s)} (O floats), e^{κ(v + s)} (I floats, padded with 0 to
 * innerStride); or flags[i] = 0 when no shift fits (or u, v hold NaN). theta: N×d float64 rows
 * (c, w_S, w_A, b); outer, inner: the grid's factors.
 */
export function splitFloat32(
  i0: i32, i1: i32, d: i32, theta: usize, outer: usize, outerCount: i32, outerDim: i32, inner: usize, innerCount: i32, innerDim: i32,
  kappa: f64, limit: f64, scratch: usize, flags: usize, exponentials: usize, innerStride: i32,
): void {
  const u = scratch;
  const v = scratch + (<usize>outerCount << 3);
  const rowBytes = <usize>(outerCount + innerStride) << 2;
  for (let i = i0; i < i1; i++) {
    const shift = splitParticle(i, d, theta, outer, outerCount, outerDim, inner, innerCount, innerDim, limit, scratch, flags);
    if (isNaN(shift)) continue;
    const row = exponentials + <usize>i * rowBytes;
    storeExponentialsFloat32(u, outerCount, kappa, -shift, row);
    const innerRow = row + (<usize>outerCount << 2);
    storeExponentialsFloat32(v, innerCount, kappa, shift, innerRow);
    for (let k = innerCount; k < innerStride; k++) store<f32>(innerRow + (<usize>k << 2), 0);
  }
}

/** out[o·S + i] += scaled/(1 + eu[o]·ev[i]) for o < outerCount, i < S = innerStride (a multiple of 4). */
export function addLogisticTermsFloat32(scaled: f32, eu: usize, outerCount: i32, ev: usize, innerStride: i32, out: usize): void {
  const one = f32x4.splat(1);
  const numerator = f32x4.splat(scaled);
  const rowBytes = <usize>innerStride << 2;
  let row = out;
  for (let o = 0; o < outerCount; o++, row += rowBytes) {
    const a = v128.load32_splat(eu + (<usize>o << 2));
    for (let at: usize = 0; at < rowBytes; at += 16) {
      const term = f32x4.div(numerator, f32x4.add(one, f32x4.mul(a, v128.load(ev + at))));
      v128.store(row + at, f32x4.add(v128.load(row + at), term));
    }
  }
}

@inline function laneSum(v: v128): f32 {
  return (f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1)) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

/**
 * One particle's drift sums: per pair W r summed into the returned Σ W r, and s = (W r)·(E r) summed
 * into rowSlope[o] (outerCount floats) and columnSlope[i] (innerStride floats, zeroed first). Each
 * row's sums run in two f32x4 accumulators (groups of 8 points, a last group of 4 into the first),
 * added lane by lane at the end of the row: the order depends only on the grid, never on which
 * particles a share holds.
 */
export function logisticDriftSumsFloat32(
  eu: usize, ev: usize, outerCount: i32, innerStride: i32, weights: usize, rowSlope: usize, columnSlope: usize,
): f32 {
  const one = f32x4.splat(1);
  const zero = f32x4.splat(0);
  const rowBytes = <usize>innerStride << 2;
  const pairedBytes = rowBytes & ~(<usize>31);
  for (let at: usize = 0; at < rowBytes; at += 16) v128.store(columnSlope + at, zero);
  let rSum0 = zero;
  let rSum1 = zero;
  let weightRow = weights;
  for (let o = 0; o < outerCount; o++, weightRow += rowBytes) {
    const a = v128.load32_splat(eu + (<usize>o << 2));
    let slopeSum0 = zero;
    let slopeSum1 = zero;
    let at: usize = 0;
    for (; at < pairedBytes; at += 32) {
      const e0 = f32x4.mul(a, v128.load(ev + at));
      const e1 = f32x4.mul(a, v128.load(ev + at, 16));
      const r0 = f32x4.div(one, f32x4.add(one, e0));
      const r1 = f32x4.div(one, f32x4.add(one, e1));
      const weightedR0 = f32x4.mul(v128.load(weightRow + at), r0);
      const weightedR1 = f32x4.mul(v128.load(weightRow + at, 16), r1);
      rSum0 = f32x4.add(rSum0, weightedR0);
      rSum1 = f32x4.add(rSum1, weightedR1);
      const slope0 = f32x4.mul(weightedR0, f32x4.mul(e0, r0));
      const slope1 = f32x4.mul(weightedR1, f32x4.mul(e1, r1));
      slopeSum0 = f32x4.add(slopeSum0, slope0);
      slopeSum1 = f32x4.add(slopeSum1, slope1);
      v128.store(columnSlope + at, f32x4.add(v128.load(columnSlope + at), slope0));
      v128.store(columnSlope + at, f32x4.add(v128.load(columnSlope + at, 16), slope1), 16);
    }
    if (at < rowBytes) {
      const e = f32x4.mul(a, v128.load(ev + at));
      const r = f32x4.div(one, f32x4.add(one, e));
      const weightedR = f32x4.mul(v128.load(weightRow + at), r);
      rSum0 = f32x4.add(rSum0, weightedR);
      const slope = f32x4.mul(weightedR, f32x4.mul(e, r));
      slopeSum0 = f32x4.add(slopeSum0, slope);
      v128.store(columnSlope + at, f32x4.add(v128.load(columnSlope + at), slope));
    }
    store<f32>(rowSlope + (<usize>o << 2), laneSum(f32x4.add(slopeSum0, slopeSum1)));
  }
  return laneSum(f32x4.add(rSum0, rSum1));
}
