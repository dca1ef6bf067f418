// Float32 SIMD pair loops of the logistic product-grid kernels for `precision: float32`
// (src/kernels/logistic-grid-float32-{forward,drift}-share.ts): with E = e^{κu_o}·e^{κv_i} and
// r = 1/(1 + E), four grid points i per f32x4. Rows of inner values are padded to a multiple of 4
// (`innerStride`) with e^{κv} = 0 and W = 0, whose terms are exactly 0 in the drift. The factors
// stay within e^{±43}, so E lies in [e^{−86}, e^{86}]: normal and finite in float32, never ∞·0.
// Pointers are byte offsets of float32 arrays.

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
 * sum runs in four lanes over the inner index, added lane 0 + 1, 2 + 3 at the end: the order
 * depends only on the grid, never on which particles a share holds.
 */
export function logisticDriftSumsFloat32(
  eu: usize, ev: usize, outerCount: i32, innerStride: i32, weights: usize, rowSlope: usize, columnSlope: usize,
): f32 {
  const one = f32x4.splat(1);
  const zero = f32x4.splat(0);
  const rowBytes = <usize>innerStride << 2;
  for (let at: usize = 0; at < rowBytes; at += 16) v128.store(columnSlope + at, zero);
  let rSum = zero;
  let weightRow = weights;
  for (let o = 0; o < outerCount; o++, weightRow += rowBytes) {
    const a = v128.load32_splat(eu + (<usize>o << 2));
    let slopeSum = zero;
    for (let at: usize = 0; at < rowBytes; at += 16) {
      const e = f32x4.mul(a, v128.load(ev + at));
      const r = f32x4.div(one, f32x4.add(one, e));
      const weightedR = f32x4.mul(v128.load(weightRow + at), r);
      rSum = f32x4.add(rSum, weightedR);
      const slope = f32x4.mul(weightedR, f32x4.mul(e, r));
      slopeSum = f32x4.add(slopeSum, slope);
      v128.store(columnSlope + at, f32x4.add(v128.load(columnSlope + at), slope));
    }
    store<f32>(rowSlope + (<usize>o << 2), laneSum(slopeSum));
  }
  return laneSum(rSum);
}
