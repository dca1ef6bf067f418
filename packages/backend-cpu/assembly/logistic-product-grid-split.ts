// The float64 split of the logistic product-grid kernels (src/kernels/logistic-grid-split-share.ts):
// per particle u, v and the shift s (split-shift.ts), then the factors e^{κ(u_o − s)}, e^{κ(v_i + s)}
// two per f64x2 by expV8, which is V8's Math.exp bit for bit, so the rows are the numbers the scalar
// JavaScript split (Math.exp) wrote. Pointers are byte offsets of float64 arrays.

import { EXP_TABLE_BYTES, expV8, writeExpTable } from './exp-v8';
import { splitParticle } from './split-shift';

/**
 * out[k] = e^{κ(x[k] + shift)} for k < count, two per f64x2 (x + shift with shift = −s is x − s
 * exactly). The caller keeps |κ(x + shift)| ≤ 354, inside expV8's range. An odd count's last pair
 * reads one value past x and stores only its first lane.
 */
@inline function storeExponentials(x: usize, count: i32, kappa: f64, shift: f64, out: usize, table: usize): void {
  const kappa2 = f64x2.splat(kappa);
  const shift2 = f64x2.splat(shift);
  const pairs = <usize>(count & ~1) << 3;
  const bytes = <usize>count << 3;
  for (let at: usize = 0; at < bytes; at += 16) {
    const e = expV8(f64x2.mul(kappa2, f64x2.add(v128.load(x + at), shift2)), table);
    if (at < pairs) v128.store(out + at, e);
    else store<f64>(out + at, f64x2.extract_lane(e, 0));
  }
}

/** storeExponentials (the tests' handle on it and on expV8), its constants at `table` (EXP_TABLE_BYTES). */
export function exponentialsFloat64(x: usize, count: i32, kappa: f64, shift: f64, out: usize, table: usize): void {
  writeExpTable(table);
  storeExponentials(x, count, kappa, shift, out, table);
}

/**
 * The float64 split of particles [i0, i1): expV8's constants (EXP_TABLE_BYTES) at `scratch`, then
 * u, v and the shift s of splitParticle after them (O + I + 1 doubles) for factor exponents within
 * ±limit (= FLOAT64_FACTOR_EXPONENT_LIMIT/|κ|), then flags[i] = 1 and the particle's row
 * e^{κ(u − s)} (O doubles), e^{κ(v + s)} (I doubles); or flags[i] = 0 when no shift fits (or u, v
 * hold NaN). theta: N×d rows (c, w_S, w_A, b); outer, inner: the grid's factors.
 */
export function splitFloat64(
  i0: i32, i1: i32, d: i32, theta: usize, outer: usize, outerCount: i32, outerDim: i32, inner: usize, innerCount: i32, innerDim: i32,
  kappa: f64, limit: f64, scratch: usize, flags: usize, exponentials: usize,
): void {
  const table = scratch;
  writeExpTable(table);
  const u = scratch + EXP_TABLE_BYTES;
  const v = u + (<usize>outerCount << 3);
  const rowBytes = <usize>(outerCount + innerCount) << 3;
  for (let i = i0; i < i1; i++) {
    const shift = splitParticle(i, d, theta, outer, outerCount, outerDim, inner, innerCount, innerDim, limit, u, flags);
    if (isNaN(shift)) continue;
    const row = exponentials + <usize>i * rowBytes;
    storeExponentials(u, outerCount, kappa, -shift, row, table);
    storeExponentials(v, innerCount, kappa, shift, row + (<usize>outerCount << 3), table);
  }
}
