// e^x two lanes at a time, bit for bit V8's Math.exp on |x| ≤ 708. V8's Math.exp is fdlibm's
// __ieee754_exp (v8 src/base/ieee754.cc): argument reduction x = k·ln2 + r with k = trunc(x/ln2 ± ½)
// (k = ±1 outright for ½ln2 < |x| < 1.5ln2, k = 0 below ½ln2, both decided on the high word of |x|;
// |x| < 2^−28 returns 1 + x, x = 1 returns e),
// a degree-5 rational approximation of e^r, and scaling by 2^k. The branches become lane selects;
// every lane performs fdlibm's operations in its order (no fused multiply-add), so the result has
// the same bits — src/kernels/exp-v8.test.ts compares them with Math.exp by bits.

/** fdlibm's split of ln 2: LN2_HI has 32 trailing zero bits, so k·LN2_HI is exact for |k| < 2^21. */
export const LN2_HI: f64 = 6.93147180369123816490e-1;
export const LN2_LO: f64 = 1.90821492927058770002e-10;
export const LOG2E: f64 = 1.44269504088896338700;

const P1: f64 = 1.66666666666666019037e-1;
const P2: f64 = -2.77777777770155933842e-3;
const P3: f64 = 6.61375632143793436117e-5;
const P4: f64 = -1.65339022054652515390e-6;
const P5: f64 = 4.13813679705723846039e-8;
/** fdlibm's reduction gets e^1's last bit wrong; V8 returns the correctly rounded e for x = 1. */
const E: f64 = 2.718281828459045;

// fdlibm compares the high word of |x|: hx > 0x3FD62E42 (reduce at all) and hx < 0x3E300000 (the
// tiny shortcut). As doubles with a zero low word: |x| ≥ REDUCE_FROM, |x| < TINY_BELOW.
const REDUCE_FROM: f64 = reinterpret<f64>(<u64>0x3FD62E4300000000);
const TINY_BELOW: f64 = reinterpret<f64>(<u64>0x3E30000000000000);
/** 1.5·2^52: k + SHIFTER holds the integer k in its low mantissa bits (|k| < 2^31). */
const SHIFTER: f64 = 6755399441055744.0;

// expV8 reads its constants from a table in memory (writeExpTable): V8 rebuilds a v128 constant
// from immediates at every use inside a loop (three instructions each, about forty per pair), while
// a splatting load is one.
const LOG2E_AT = 0;
const SIGN_AT = 8;
const HALF_AT = 16;
const REDUCE_FROM_AT = 24;
const LN2_HI_AT = 32;
const LN2_LO_AT = 40;
const P1_AT = 48;
const P2_AT = 56;
const P3_AT = 64;
const P4_AT = 72;
const P5_AT = 80;
const ONE_AT = 88;
const TWO_AT = 96;
const SHIFTER_AT = 104;
const BIAS_AT = 112;
const TINY_BELOW_AT = 120;
const E_AT = 128;
/** Bytes of the table. */
export const EXP_TABLE_BYTES: usize = 136;

/** Writes expV8's constants at `table` (EXP_TABLE_BYTES bytes), once per kernel call. */
@inline export function writeExpTable(table: usize): void {
  store<f64>(table + LOG2E_AT, LOG2E);
  store<f64>(table + SIGN_AT, -0.0);
  store<f64>(table + HALF_AT, 0.5);
  store<f64>(table + REDUCE_FROM_AT, REDUCE_FROM);
  store<f64>(table + LN2_HI_AT, LN2_HI);
  store<f64>(table + LN2_LO_AT, LN2_LO);
  store<f64>(table + P1_AT, P1);
  store<f64>(table + P2_AT, P2);
  store<f64>(table + P3_AT, P3);
  store<f64>(table + P4_AT, P4);
  store<f64>(table + P5_AT, P5);
  store<f64>(table + ONE_AT, 1.0);
  store<f64>(table + TWO_AT, 2.0);
  store<f64>(table + SHIFTER_AT, SHIFTER);
  store<i64>(table + BIAS_AT, 1023);
  store<f64>(table + TINY_BELOW_AT, TINY_BELOW);
  store<f64>(table + E_AT, E);
}

/**
 * e^x lane by lane for |x| ≤ 708 (k ∈ [−1021, 1021], so 2^k is normal and fdlibm's overflow,
 * underflow and non-finite branches are never taken). Two of fdlibm's branches need no select:
 * - For ½ln2 < |x| < 1.5ln2 (by the high words 0x3FD62E43, 0x3FF0A2B2) fdlibm sets k = ±1 outright;
 *   trunc(x/ln2 ± ½) is ±1 there too (|x|/ln2 lies in [0.5 + 3.8e−9, 1.5 − 6e−10], far from the
 *   rounding of one product), and hi = x − k·ln2HI, lo = k·ln2LO are then fdlibm's x ∓ ln2HI, ±ln2LO.
 * - For k = 0 fdlibm returns 1 − ((r·c)/(c − 2) − r); the general 1 − ((lo − (r·c)/(2 − c)) − hi)
 *   with hi = r, lo = 0 and 2^0 = 1 is the same number (c − 2 = −(2 − c) exactly, so the quotient
 *   only changes sign, and r ≠ 0 there).
 */
@inline export function expV8(x: v128, table: usize): v128 {
  const one = v128.load64_splat(table, ONE_AT);
  const magnitude = f64x2.abs(x);
  // ±½ with x's sign (fdlibm's halF[xsb]).
  const half = v128.or(v128.and(x, v128.load64_splat(table, SIGN_AT)), v128.load64_splat(table, HALF_AT));
  const nearest = f64x2.trunc(f64x2.add(f64x2.mul(v128.load64_splat(table, LOG2E_AT), x), half));
  // k = 0 (+0.0) where |x| lies below ½ln2 by the high word.
  const k = v128.and(nearest, f64x2.ge(magnitude, v128.load64_splat(table, REDUCE_FROM_AT)));
  const hi = f64x2.sub(x, f64x2.mul(k, v128.load64_splat(table, LN2_HI_AT)));
  const lo = f64x2.mul(k, v128.load64_splat(table, LN2_LO_AT));
  const r = f64x2.sub(hi, lo);
  const t = f64x2.mul(r, r);
  let p = f64x2.add(v128.load64_splat(table, P4_AT), f64x2.mul(t, v128.load64_splat(table, P5_AT)));
  p = f64x2.add(v128.load64_splat(table, P3_AT), f64x2.mul(t, p));
  p = f64x2.add(v128.load64_splat(table, P2_AT), f64x2.mul(t, p));
  p = f64x2.add(v128.load64_splat(table, P1_AT), f64x2.mul(t, p));
  const c = f64x2.sub(r, f64x2.mul(t, p));
  const quotient = f64x2.div(f64x2.mul(r, c), f64x2.sub(v128.load64_splat(table, TWO_AT), c));
  const y = f64x2.sub(one, f64x2.sub(f64x2.sub(lo, quotient), hi));
  // 2^k: the exponent field k + 1023; shifting left by 52 drops SHIFTER's own bits.
  const scale = i64x2.shl(i64x2.add(f64x2.add(k, v128.load64_splat(table, SHIFTER_AT)), v128.load64_splat(table, BIAS_AT)), 52);
  const scaled = f64x2.mul(y, scale);
  const small = v128.bitselect(f64x2.add(one, x), scaled, f64x2.lt(magnitude, v128.load64_splat(table, TINY_BELOW_AT)));
  return v128.bitselect(v128.load64_splat(table, E_AT), small, f64x2.eq(x, one));
}
