// Float64 SIMD pair loops of the logistic product-grid kernels (kernels/neuron-logistic-product-grid-*.ts).
// Every lane performs exactly the scalar reference's operations in the same order (no fused multiply-add,
// no reassociation; src/testing/product-grid-reference.ts), so the results are its bits; two values
// per f64x2 halve the divides' cost. Pointers are byte offsets of float64 arrays.

/** out[o·I + i] += scaled/(1 + eu[o]·ev[i]) for o < outerCount, i < innerCount (two i at a time). */
export function addLogisticTerms(scaled: f64, eu: usize, outerCount: i32, ev: usize, innerCount: i32, out: usize): void {
  const one = f64x2.splat(1);
  const numerator = f64x2.splat(scaled);
  const pairs = <usize>(innerCount & ~1) << 3;
  const rowBytes = <usize>innerCount << 3;
  let row = out;
  for (let o = 0; o < outerCount; o++, row += rowBytes) {
    const a = load<f64>(eu + (<usize>o << 3));
    const a2 = f64x2.splat(a);
    for (let at: usize = 0; at < pairs; at += 16) {
      const term = f64x2.div(numerator, f64x2.add(one, f64x2.mul(a2, v128.load(ev + at))));
      v128.store(row + at, f64x2.add(v128.load(row + at), term));
    }
    if (pairs < rowBytes) store<f64>(row + pairs, load<f64>(row + pairs) + scaled / (1 + a * load<f64>(ev + pairs)));
  }
}

/**
 * Two particles A, B at once (lane 0, lane 1), each lane the scalar pair loop of
 * src/testing/product-grid-reference.ts: with E = eu[o]·ev[i], r = 1/(1 + E), W r summed into rSum,
 * s = (W r)·(E r) summed into rowSlope[o] and columnSlope[i]. rowSlopePair and columnSlopePair
 * interleave A and B; columnSlopePair is zeroed first, and evPair receives ev of A and B
 * interleaved (one load per pair in the loop). Returns (rSum_A, rSum_B).
 */
@inline function driftSumsPair(
  euA: usize, euB: usize, evA: usize, evB: usize, outerCount: i32, innerCount: i32, weights: usize,
  rowSlopePair: usize, columnSlopePair: usize, evPair: usize,
): v128 {
  const one = f64x2.splat(1);
  const zero = f64x2.splat(0);
  const columns = <usize>innerCount << 4;
  for (let at: usize = 0; at < columns; at += 16) {
    v128.store(columnSlopePair + at, zero);
    v128.store(evPair + at, v128.load64_lane(evB + (at >> 1), v128.load64_splat(evA + (at >> 1)), 1));
  }
  let rSum = zero;
  let weightRow = weights;
  for (let o = 0; o < outerCount; o++, weightRow += <usize>innerCount << 3) {
    const offset = <usize>o << 3;
    const a = f64x2.replace_lane(f64x2.splat(load<f64>(euA + offset)), 1, load<f64>(euB + offset));
    let slopeSum = zero;
    for (let i = 0; i < innerCount; i++) {
      const at = <usize>i << 4;
      const e = f64x2.mul(a, v128.load(evPair + at));
      const r = f64x2.div(one, f64x2.add(one, e));
      const weightedR = f64x2.mul(v128.load64_splat(weightRow + (<usize>i << 3)), r);
      rSum = f64x2.add(rSum, weightedR);
      const slope = f64x2.mul(weightedR, f64x2.mul(e, r));
      slopeSum = f64x2.add(slopeSum, slope);
      v128.store(columnSlopePair + at, f64x2.add(v128.load(columnSlopePair + at), slope));
    }
    v128.store(rowSlopePair + (<usize>o << 4), slopeSum);
  }
  return rSum;
}

/**
 * Σ_k slopePair[k]·factor[k·dim + component] over k < count in order, from 0, per lane: one
 * component of a gradient's weight sums (writeProductGridGradient's loops with k and o swapped,
 * which leaves every sum's sequence of operations as it was).
 */
@inline function factorSum(slopePair: usize, factor: usize, count: i32, dim: i32, component: i32): v128 {
  let sum = f64x2.splat(0);
  const stride = <usize>dim << 3;
  let at = factor + (<usize>component << 3);
  for (let k = 0; k < count; k++, at += stride) sum = f64x2.add(sum, f64x2.mul(v128.load(slopePair + (<usize>k << 4)), v128.load64_splat(at)));
  return sum;
}

/** (values[a], values[b]). */
@inline function lanePair(values: usize, a: i32, b: i32): v128 {
  return f64x2.replace_lane(v128.load64_splat(values + (<usize>a << 3)), 1, load<f64>(values + (<usize>b << 3)));
}

/** Stores lane 0 of `value` at a, and lane 1 at b when `both`. */
@inline function storeLanes(value: v128, a: usize, b: usize, both: bool): void {
  store<f64>(a, f64x2.extract_lane(value, 0));
  if (both) store<f64>(b, f64x2.extract_lane(value, 1));
}

/**
 * The drift of every split particle (flags[i] ≠ 0) in [i0, i1), two at a time (an odd one out runs
 * in both lanes and lane 1 is dropped): driftSumsPair, then per lane the gradient of
 * src/kernels/product-grid-gradient.ts (writeProductGridGradient) with valueSum = α Σ W + β Σ W r and
 * slopeScale = γℓ(c): out_i = (ℓ'(c)·valueSum, γℓ Σ_o rowSlope_o outer_o, γℓ Σ_i columnSlope_i inner_i,
 * γℓ Σ_o rowSlope_o). Each lane performs the scalar code's operations in its order, so a
 * particle's row never depends on its partner or on the share. Particles flagged 0 are left to the
 * caller. Rows of exponentials are O + I doubles from `exponentials`; W has O·I doubles; `scratch`
 * holds 2O + 4I doubles (this share's row and column slopes and the pair's ev, interleaved).
 */
export function logisticGridDrift(
  i0: i32, i1: i32, d: i32, flags: usize, exponentials: usize, outer: usize, outerCount: i32, outerDim: i32, inner: usize,
  innerCount: i32, innerDim: i32, weights: usize, ells: usize, ellSlopes: usize, out: usize, scratch: usize,
  alpha: f64, beta: f64, gamma: f64,
): void {
  const rowSlopePair = scratch;
  const columnSlopePair = scratch + (<usize>outerCount << 4);
  const evPair = columnSlopePair + (<usize>innerCount << 4);
  const pointCount = outerCount * innerCount;
  let weightSum: f64 = 0;
  for (let j = 0; j < pointCount; j++) weightSum += load<f64>(weights + (<usize>j << 3));
  const alphaWeightSum = f64x2.splat(alpha * weightSum);
  const rowBytes = <usize>(outerCount + innerCount) << 3;
  const innerAt = <usize>outerCount << 3;
  let i = i0;
  while (i < i1) {
    // The next two split particles A, B (B = A when A is the last).
    while (i < i1 && load<f64>(flags + (<usize>i << 3)) == 0) i++;
    if (i >= i1) break;
    const a = i++;
    while (i < i1 && load<f64>(flags + (<usize>i << 3)) == 0) i++;
    const both = i < i1;
    const b = both ? i++ : a;
    const rowA = exponentials + <usize>a * rowBytes;
    const rowB = exponentials + <usize>b * rowBytes;
    const rSum = driftSumsPair(rowA, rowB, rowA + innerAt, rowB + innerAt, outerCount, innerCount, weights, rowSlopePair, columnSlopePair, evPair);
    const valueSum = f64x2.add(alphaWeightSum, f64x2.mul(f64x2.splat(beta), rSum));
    const slopeScale = f64x2.mul(f64x2.splat(gamma), lanePair(ells, a, b));
    const outA = out + (<usize>(a * d) << 3);
    const outB = out + (<usize>(b * d) << 3);
    storeLanes(f64x2.mul(lanePair(ellSlopes, a, b), valueSum), outA, outB, both);
    for (let k = 0; k < outerDim; k++) {
      const at = <usize>(1 + k) << 3;
      storeLanes(f64x2.mul(factorSum(rowSlopePair, outer, outerCount, outerDim, k), slopeScale), outA + at, outB + at, both);
    }
    for (let k = 0; k < innerDim; k++) {
      const at = <usize>(1 + outerDim + k) << 3;
      storeLanes(f64x2.mul(factorSum(columnSlopePair, inner, innerCount, innerDim, k), slopeScale), outA + at, outB + at, both);
    }
    let slopeSum = f64x2.splat(0);
    for (let o = 0; o < outerCount; o++) slopeSum = f64x2.add(slopeSum, v128.load(rowSlopePair + (<usize>o << 4)));
    const biasAt = <usize>(1 + outerDim + innerDim) << 3;
    storeLanes(f64x2.mul(slopeScale, slopeSum), outA + biasAt, outB + biasAt, both);
  }
}
