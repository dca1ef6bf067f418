// Float64 SIMD pair loops of the logistic product-grid kernels (kernels/neuron-logistic-product-grid-*.ts).
// Every lane performs exactly the scalar loop's operations in the same order (no fused multiply-add,
// no reassociation), so the results are bit-identical to the scalar JavaScript kernels; two values
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
 * Two particles A, B at once (lane 0, lane 1), each lane exactly the scalar pair loop of
 * src/kernels/logistic-grid-drift-share.ts: with E = eu[o]·ev[i], r = 1/(1 + E), W r summed into rSum,
 * s = (W r)·(E r) summed into rowSlope[o] and columnSlope[i]. rowSlopePair and columnSlopePair
 * interleave A and B; columnSlopePair is zeroed first; rSumPair receives (rSum_A, rSum_B).
 */
export function logisticDriftSumsPair(
  euA: usize, euB: usize, evA: usize, evB: usize, outerCount: i32, innerCount: i32, weights: usize,
  rowSlopePair: usize, columnSlopePair: usize, rSumPair: usize,
): void {
  const one = f64x2.splat(1);
  const zero = f64x2.splat(0);
  const columns = <usize>innerCount << 4;
  for (let at: usize = 0; at < columns; at += 16) v128.store(columnSlopePair + at, zero);
  let rSum = zero;
  let weightRow = weights;
  for (let o = 0; o < outerCount; o++, weightRow += <usize>innerCount << 3) {
    const offset = <usize>o << 3;
    const a = f64x2.replace_lane(f64x2.splat(load<f64>(euA + offset)), 1, load<f64>(euB + offset));
    let slopeSum = zero;
    for (let i = 0; i < innerCount; i++) {
      const at = <usize>i << 4;
      const evAt = <usize>i << 3;
      const e = f64x2.mul(a, v128.load64_lane(evB + evAt, v128.load64_splat(evA + evAt), 1));
      const r = f64x2.div(one, f64x2.add(one, e));
      const weightedR = f64x2.mul(v128.load64_splat(weightRow + (<usize>i << 3)), r);
      rSum = f64x2.add(rSum, weightedR);
      const slope = f64x2.mul(weightedR, f64x2.mul(e, r));
      slopeSum = f64x2.add(slopeSum, slope);
      v128.store(columnSlopePair + at, f64x2.add(v128.load(columnSlopePair + at), slope));
    }
    v128.store(rowSlopePair + (<usize>o << 4), slopeSum);
  }
  v128.store(rSumPair, rSum);
}
