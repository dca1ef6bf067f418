import { describe, expect, it } from 'vitest';
import { rationalTanh, rationalTanhFloat32, RATIONAL_TANH_SOURCE } from './rational-tanh';

/** One float32 ulp at |y| (spacing of float32 numbers in [2^e, 2^{e+1}) is 2^{e−23}). */
function float32Ulp(y: number): number {
  const magnitude = Math.max(Math.abs(y), 2 ** -126);
  return 2 ** (Math.floor(Math.log2(magnitude)) - 23);
}

/** A dense sweep of the real line: uniform on [−12, 12] plus logarithmic towards 0 and ∞. */
function sweep(): number[] {
  const xs: number[] = [0];
  for (let k = 0; k <= 240_000; k++) xs.push(-12 + (24 * k) / 240_000);
  for (let e = -30; e <= 6; e += 0.001) xs.push(10 ** e, -(10 ** e));
  xs.push(44, 100, 1e10, 1e38, -1e38, Infinity, -Infinity);
  return xs;
}

describe('rationalTanh (Eigen degree-13/6 rational, clamped at ±9)', () => {
  it('in float32 arithmetic is within 6 float32 ulps of tanh over the whole real line', () => {
    // The stated bound: "a few float32 ulps". tanh is computed in float64 (≤ 1 float64 ulp, i.e.
    // exact at float32 resolution), so the measured error is the float32 kernel's own.
    let worst = 0;
    for (const x of sweep()) {
      const exact = Math.tanh(x);
      const error = Math.abs(rationalTanhFloat32(x) - exact) / float32Ulp(exact);
      worst = Math.max(worst, error);
    }
    expect(worst).toBeLessThanOrEqual(6);
  });

  it('in float64 arithmetic is within 1.5e−7 relative of tanh (the fit error, ~1 float32 ulp = 1.19e−7 relative)', () => {
    let worst = 0;
    for (const x of sweep()) {
      const exact = Math.tanh(x);
      if (exact !== 0) worst = Math.max(worst, Math.abs(rationalTanh(x) - exact) / Math.abs(exact));
    }
    expect(worst).toBeLessThan(1.5e-7);
  });

  it('is odd, exactly ±1 in float32 beyond the clamp, and finite where GLSL tanh is NaN', () => {
    for (const x of [0.1, 1, 5, 44, 1e6]) expect(rationalTanh(-x)).toBe(-rationalTanh(x));
    expect(rationalTanhFloat32(9)).toBe(1);
    expect(rationalTanhFloat32(1e30)).toBe(1);
    expect(rationalTanh(Infinity)).toBeCloseTo(1, 7);
  });

  it('is a self-contained function source (no free variables besides Math)', () => {
    const compiled = new Function('Math', `return ${RATIONAL_TANH_SOURCE}`)(Math) as (x: number) => number;
    expect(compiled(0.5)).toBe(rationalTanh(0.5));
  });
});
