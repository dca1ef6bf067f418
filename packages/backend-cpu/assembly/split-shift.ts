// The split of one particle's pre-activation over a product grid, shared by the float64 and float32
// split kernels: u_o = b + Σ_k w_S,k outer_ok and v_i = Σ_k w_A,k inner_ik in the order of
// splitPreActivation (src/kernels/product-grid-pre-activation.ts), and the shift s of the factor
// exponents (src/kernels/split-exponentials.ts). Pointers are byte offsets of float64 arrays.

/** Whether every factor exponent u − s, v + s lies in [−limit, limit] (false for NaN: f64.max propagates it). */
@inline function shiftFits(shift: f64, uMin: f64, uMax: f64, vMin: f64, vMax: f64, limit: f64): bool {
  return max(max(shift - uMin, uMax - shift), max(-vMin - shift, vMax + shift)) <= limit;
}

/**
 * Writes u (outerCount doubles) then v (innerCount doubles) of particle i (θ: N×d rows
 * (c, w_S, w_A, b)) to `scratch`, and returns the shift s for which every u − s, v + s lies within
 * ±limit (limit = the factor limit/|κ|): 0 when that already holds, else (centre of u − centre of v)/2
 * when that fits, else NaN (also when u or v hold NaN); flags[i] = 1 when s is a number, else 0.
 * Min and max are exact, so their order of evaluation changes no bit. The same outcome and factors
 * as src/testing/split-reference.ts (Math.min/max), tested bit for bit.
 */
@inline export function splitParticle(
  i: i32, d: i32, theta: usize, outer: usize, outerCount: i32, outerDim: i32, inner: usize, innerCount: i32, innerDim: i32, limit: f64,
  scratch: usize, flags: usize,
): f64 {
  const u = scratch;
  const v = scratch + (<usize>outerCount << 3);
  const outerWeights = theta + ((<usize>i * <usize>d + 1) << 3);
  const innerWeights = outerWeights + (<usize>outerDim << 3);
  const bias = load<f64>(innerWeights + (<usize>innerDim << 3));
  // Two u_o per f64x2, each lane summing as the scalar loop does. Min and max lane by lane with
  // pmin/pmax (one instruction each, where min/max are a NaN-and-zero-aware sequence on the loop's
  // critical path); they drop NaN, so NaN is tracked on its own. They may also return +0 for −0:
  // the shift's zero sign never changes a factor (e^{κ(u ∓ 0)} has the same bits either way).
  const rowBytes = <usize>outerDim << 3;
  let uMin2 = f64x2.splat(Infinity);
  let uMax2 = f64x2.splat(-Infinity);
  let nan2 = f64x2.splat(0);
  let o = 0;
  for (; o + 2 <= outerCount; o += 2) {
    const row = outer + <usize>o * rowBytes;
    let sum = f64x2.splat(bias);
    for (let k = 0; k < outerDim; k++) {
      const at = <usize>k << 3;
      const x = v128.load64_lane(row + rowBytes + at, v128.load64_splat(row + at), 1);
      sum = f64x2.add(sum, f64x2.mul(v128.load64_splat(outerWeights + at), x));
    }
    v128.store(u + (<usize>o << 3), sum);
    uMin2 = f64x2.pmin(uMin2, sum);
    uMax2 = f64x2.pmax(uMax2, sum);
    nan2 = v128.or(nan2, f64x2.ne(sum, sum));
  }
  let uMin = v128.any_true(nan2) ? NaN : min(f64x2.extract_lane(uMin2, 0), f64x2.extract_lane(uMin2, 1));
  let uMax = max(f64x2.extract_lane(uMax2, 0), f64x2.extract_lane(uMax2, 1));
  if (o < outerCount) {
    let sum = bias;
    const row = outer + <usize>o * rowBytes;
    for (let k = 0; k < outerDim; k++) sum += load<f64>(outerWeights + (<usize>k << 3)) * load<f64>(row + (<usize>k << 3));
    store<f64>(u + (<usize>o << 3), sum);
    uMin = min(uMin, sum);
    uMax = max(uMax, sum);
  }
  let vMin = Infinity;
  let vMax = -Infinity;
  for (let j = 0; j < innerCount; j++) {
    let sum: f64 = 0;
    const row = inner + (<usize>(j * innerDim) << 3);
    for (let k = 0; k < innerDim; k++) sum += load<f64>(innerWeights + (<usize>k << 3)) * load<f64>(row + (<usize>k << 3));
    store<f64>(v + (<usize>j << 3), sum);
    vMin = min(vMin, sum);
    vMax = max(vMax, sum);
  }
  let shift: f64 = 0;
  if (!shiftFits(shift, uMin, uMax, vMin, vMax, limit)) {
    shift = (uMin + uMax - (vMin + vMax)) / 4;
    if (!shiftFits(shift, uMin, uMax, vMin, vMax, limit)) shift = NaN;
  }
  store<f64>(flags + (<usize>i << 3), isNaN(shift) ? 0 : 1);
  return shift;
}
