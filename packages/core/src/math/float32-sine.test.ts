import { describe, expect, it } from 'vitest';
import { FLOAT32_COSINE_SOURCE, FLOAT32_SINE_SOURCE, float32Cosine, float32Sine, float32SineCosineRounded } from './float32-sine';

const f = Math.fround;
/** One float32 ulp at |y| (spacing of float32 numbers in [2^e, 2^{e+1}) is 2^{e−23}). */
const float32Ulp = (y: number) => 2 ** (Math.floor(Math.log2(Math.max(Math.abs(y), 2 ** -126))) - 23);

/** float32 inputs on [−range, range]: a uniform sweep plus every multiple of π/4 (the octant edges) and its neighbours. */
function sweep(range: number, count: number): number[] {
  const xs: number[] = [];
  for (let k = 0; k <= count; k++) xs.push(f(-range + (2 * range * k) / count));
  for (let j = -Math.floor(range / (Math.PI / 4)); j * (Math.PI / 4) <= range; j++) {
    const edge = f(j * (Math.PI / 4));
    xs.push(edge, f(edge * (1 + 2 ** -23)), f(edge * (1 - 2 ** -23)));
  }
  return xs;
}

describe('float32Sine / float32Cosine (Cephes sinf/cosf: π/4 reduction in three parts + minimax polynomials)', () => {
  it('in float32 arithmetic are within 2^−23 absolute of Math.sin / Math.cos for |x| ≤ 8192', () => {
    // Math.sin/cos are within 1 float64 ulp, exact at float32 resolution: the measured error is the
    // float32 computation's own. 2^−23 = two float32 ulps of 1 (sin's largest values); measured 1.3·2^−24.
    let worst = 0;
    for (const x of sweep(8192, 600_000)) {
      const { sin, cos } = float32SineCosineRounded(x);
      worst = Math.max(worst, Math.abs(sin - Math.sin(x)), Math.abs(cos - Math.cos(x)));
    }
    expect(worst).toBeLessThanOrEqual(2 ** -23);
  });

  it('keep sin’s relative accuracy near 0: within 2 float32 ulps of sin x for |x| ≤ π/4', () => {
    let worst = 0;
    for (let e = -30; e <= Math.log10(Math.PI / 4); e += 0.0005) {
      for (const x of [f(10 ** e), f(-(10 ** e))]) worst = Math.max(worst, Math.abs(float32SineCosineRounded(x).sin - Math.sin(x)) / float32Ulp(Math.sin(x)));
    }
    expect(worst).toBeLessThanOrEqual(2);
  });

  it('evaluated in float64 are within 2^−26 of Math.sin / Math.cos (the polynomials’ own error, below float32 rounding)', () => {
    let worst = 0;
    for (const x of sweep(100, 200_000)) worst = Math.max(worst, Math.abs(float32Sine(x) - Math.sin(x)), Math.abs(float32Cosine(x) - Math.cos(x)));
    expect(worst).toBeLessThanOrEqual(2 ** -26);
  });

  it('are odd and even, and self-contained function sources (no free variables besides Math)', () => {
    for (const x of [0.3, 2, 7.5, 1000]) {
      expect(float32Sine(-x)).toBe(-float32Sine(x));
      expect(float32Cosine(-x)).toBe(float32Cosine(x));
    }
    const sine = new Function('Math', `return ${FLOAT32_SINE_SOURCE}`)(Math) as (x: number) => number;
    const cosine = new Function('Math', `return ${FLOAT32_COSINE_SOURCE}`)(Math) as (x: number) => number;
    expect(sine(0.5)).toBe(float32Sine(0.5));
    expect(cosine(0.5)).toBe(float32Cosine(0.5));
  });
});
