/**
 * An arithmetic tanh for float32 kernels: Eigen's `generic_fast_tanh_float`, the odd degree-13/6
 * rational minimax fit tanh x ≈ x·P(x²)/Q(x²) on the input clamped to [−9, 9] (|tanh 9 − 1| <
 * 3.1e−8, below half a float32 ulp of 1). It needs only multiply, add, one divide and min/max, so
 * gpu.js kernels can use it where `Math.tanh` is a call back into JS (webasm, ~10× slower) or NaN
 * above ~44 (GLSL). Error bound (tested in rational-tanh.test.ts): ≤ 6 float32 ulps (measured 5.4, near |x| = 5.9) over
 * the whole real line in float32 arithmetic; the fit itself, evaluated in float64, is within
 * 1.5e−7 relative of tanh (measured 1.28e−7 as x → 0, where P/Q → α1/β0 = 1 − 1.3e−7): about one float32 ulp.
 */
export const RATIONAL_TANH_CLAMP = 9;

/** Numerator coefficients α1, α3, …, α13 of x·P(x²) (Eigen's float tanh). */
export const RATIONAL_TANH_NUMERATOR = [
  4.89352455891786e-3, 6.37261928875436e-4, 1.48572235717979e-5, 5.12229709037114e-8, -8.60467152213735e-11,
  2.00018790482477e-13, -2.76076847742355e-16,
] as const;

/** Denominator coefficients β0, β2, β4, β6 of Q(x²). */
export const RATIONAL_TANH_DENOMINATOR = [4.89352518554385e-3, 2.268434632439e-3, 1.18534705686654e-4, 1.19825839466702e-6] as const;

/** Horner form of a polynomial in `variable` with ascending `coefficients`, as source text. */
function hornerSource(coefficients: readonly number[], variable: string): string {
  return coefficients
    .slice(0, -1)
    .reduceRight((inner, coefficient) => `(${inner}) * ${variable} + ${coefficient.toExponential(15)}`, coefficients.at(-1)!.toExponential(15));
}

/**
 * The approximation as the source of a self-contained JavaScript function `rationalTanh(x)` (no
 * closures, only arithmetic and Math.min/max): gpu.js compiles it into every kernel mode.
 */
export const RATIONAL_TANH_SOURCE = `function rationalTanh(x) {
  const c = Math.min(Math.max(x, -${RATIONAL_TANH_CLAMP}.0), ${RATIONAL_TANH_CLAMP}.0);
  const s = c * c;
  const numerator = ${hornerSource(RATIONAL_TANH_NUMERATOR, 's')};
  const denominator = ${hornerSource(RATIONAL_TANH_DENOMINATOR, 's')};
  return (c * numerator) / denominator;
}`;

/** rationalTanh evaluated in float64 (the same operations as the source above). */
export const rationalTanh = new Function(`return ${RATIONAL_TANH_SOURCE}`)() as (x: number) => number;

/**
 * rationalTanh with every operation rounded to float32 (Math.fround), i.e. what a float32 kernel
 * (gpu.js webasm/WebGL) computes: the reference for the float32 error bound.
 */
export function rationalTanhFloat32(x: number): number {
  const f = Math.fround;
  const c = f(Math.min(Math.max(f(x), -RATIONAL_TANH_CLAMP), RATIONAL_TANH_CLAMP));
  const s = f(c * c);
  const horner = (coefficients: readonly number[]) =>
    coefficients.slice(0, -1).reduceRight((inner, coefficient) => f(f(inner * s) + f(coefficient)), f(coefficients.at(-1)!));
  return f(f(c * horner(RATIONAL_TANH_NUMERATOR)) / horner(RATIONAL_TANH_DENOMINATOR));
}
