// e^x two lanes at a time, bit for bit V8's Math.exp on |x| ≤ 708. V8's Math.exp is fdlibm's
// __ieee754_exp (v8 src/base/ieee754.cc): argument reduction x = k·ln2 + r with k = trunc(x/ln2 ± ½)
// (k = ±1 outright for ½ln2 < |x| < 1.5ln2, k = 0 below ½ln2, both decided on the high word of |x|),
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

// fdlibm compares the high word of |x|: hx > 0x3FD62E42, hx < 0x3FF0A2B2, hx < 0x3E300000. As
// doubles with a zero low word these are |x| ≥ REDUCE_FROM, |x| < UNIT_BELOW, |x| < TINY_BELOW.
const REDUCE_FROM: f64 = reinterpret<f64>(<u64>0x3FD62E4300000000);
const UNIT_BELOW: f64 = reinterpret<f64>(<u64>0x3FF0A2B200000000);
const TINY_BELOW: f64 = reinterpret<f64>(<u64>0x3E30000000000000);

/**
 * e^x lane by lane for |x| ≤ 708 (k ∈ [−1021, 1021], so 2^k is normal and fdlibm's overflow,
 * underflow and non-finite branches are never taken). For k = 0 fdlibm returns
 * 1 − ((r·c)/(c − 2) − r); the general 1 − ((lo − (r·c)/(2 − c)) − hi) with hi = r, lo = 0 and
 * 2^0 = 1 is the same number (c − 2 = −(2 − c) exactly, so the quotient only changes sign, and
 * r ≠ 0 there), so one formula serves every lane.
 */
@inline export function expV8(x: v128): v128 {
  const magnitude = f64x2.abs(x);
  const negative = i64x2.shr_s(x, 63);
  const half = v128.bitselect(f64x2.splat(-0.5), f64x2.splat(0.5), negative);
  const unit = v128.bitselect(f64x2.splat(-1.0), f64x2.splat(1.0), negative);
  const nearest = f64x2.trunc(f64x2.add(f64x2.mul(f64x2.splat(LOG2E), x), half));
  const reduced = v128.bitselect(nearest, unit, f64x2.ge(magnitude, f64x2.splat(UNIT_BELOW)));
  // k = 0 (+0.0) where |x| lies below ½ln2 by the high word.
  const k = v128.and(reduced, f64x2.ge(magnitude, f64x2.splat(REDUCE_FROM)));
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
  const scale = i64x2.shl(i64x2.add(i64x2.extend_low_i32x4_s(i32x4.trunc_sat_f64x2_s_zero(k)), i64x2.splat(1023)), 52);
  const scaled = f64x2.mul(y, scale);
  const small = v128.bitselect(f64x2.add(f64x2.splat(1.0), x), scaled, f64x2.lt(magnitude, f64x2.splat(TINY_BELOW)));
  return v128.bitselect(f64x2.splat(E), small, f64x2.eq(x, f64x2.splat(1.0)));
}
