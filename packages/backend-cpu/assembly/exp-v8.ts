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
@inline export function expV8(x: v128): v128 {
  const magnitude = f64x2.abs(x);
  // ±½ with x's sign (fdlibm's halF[xsb]).
  const half = v128.or(v128.and(x, f64x2.splat(-0.0)), f64x2.splat(0.5));
  const nearest = f64x2.trunc(f64x2.add(f64x2.mul(f64x2.splat(LOG2E), x), half));
  // k = 0 (+0.0) where |x| lies below ½ln2 by the high word.
  const k = v128.and(nearest, f64x2.ge(magnitude, f64x2.splat(REDUCE_FROM)));
  const hi = f64x2.sub(x, f64x2.mul(k, f64x2.splat(LN2_HI)));
  const lo = f64x2.mul(k, f64x2.splat(LN2_LO));
  const r = f64x2.sub(hi, lo);
  const t = f64x2.mul(r, r);
  let p = f64x2.add(f64x2.splat(P4), f64x2.mul(t, f64x2.splat(P5)));
  p = f64x2.add(f64x2.splat(P3), f64x2.mul(t, p));
  p = f64x2.add(f64x2.splat(P2), f64x2.mul(t, p));
  p = f64x2.add(f64x2.splat(P1), f64x2.mul(t, p));
  const c = f64x2.sub(r, f64x2.mul(t, p));
  const quotient = f64x2.div(f64x2.mul(r, c), f64x2.sub(f64x2.splat(2.0), c));
  const y = f64x2.sub(f64x2.splat(1.0), f64x2.sub(f64x2.sub(lo, quotient), hi));
  // 2^k: the exponent field k + 1023; shifting left by 52 drops SHIFTER's own bits.
  const scale = i64x2.shl(i64x2.add(f64x2.add(k, f64x2.splat(SHIFTER)), i64x2.splat(1023)), 52);
  const scaled = f64x2.mul(y, scale);
  const small = v128.bitselect(f64x2.add(f64x2.splat(1.0), x), scaled, f64x2.lt(magnitude, f64x2.splat(TINY_BELOW)));
  return v128.bitselect(f64x2.splat(E), small, f64x2.eq(x, f64x2.splat(1.0)));
}
