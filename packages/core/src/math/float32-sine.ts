/**
 * sin and cos for float32 kernels: Cephes' `sinf`/`cosf` (S. Moshier), i.e. a range reduction by
 * π/4 split in three parts (DP1 + DP2 + DP3, DP1 with 8 significant bits so that j·DP1 is exact in
 * float32 for j < 2^16) followed by the minimax polynomials of sin and cos on [−π/4, π/4]. It needs
 * only multiply, add, floor and compares, so gpu.js compiles it into every kernel mode; GLSL's own
 * `sin`/`cos` (what gpu.js makes of Math.sin) are left to the driver, and some GPUs compute them
 * with far less than float32 accuracy outside a small range. Error bound (tested in
 * float32-sine.test.ts against Math.sin and Math.cos): in float32 arithmetic, within 2^−23
 * absolute (measured 1.3·2^−24) for float32 |x| ≤ 8192, the range Cephes states; beyond it the
 * reduction loses accuracy (as the float32 rounding of x itself already has: ulp(x) ≥ 2^−11 there).
 */

/** 4/π. */
const FOUR_OVER_PI = 1.2732395447351628;
/** π/4 = DP1 + DP2 + DP3 (Cephes' split: DP1 = 201/256, DP2 with 11 significant bits). */
export const FLOAT32_SINE_REDUCTION = [0.78515625, 2.4187564849853515625e-4, 3.77489497744594108e-8] as const;
/** sin r ≈ r + r·z·S(z), z = r², on |r| ≤ π/4: S's coefficients, highest degree first. */
export const FLOAT32_SINE_POLYNOMIAL = [-1.9515295891e-4, 8.3321608736e-3, -1.6666654611e-1] as const;
/** cos r ≈ 1 − z/2 + z²·C(z): C's coefficients, highest degree first. */
export const FLOAT32_COSINE_POLYNOMIAL = [2.443315711809948e-5, -1.388731625493765e-3, 4.166664568298827e-2] as const;

const [DP1, DP2, DP3] = FLOAT32_SINE_REDUCTION;
const [S0, S1, S2] = FLOAT32_SINE_POLYNOMIAL;
const [C0, C1, C2] = FLOAT32_COSINE_POLYNOMIAL;

/**
 * The octant reduction shared by both functions, as source: for a = |x|, the even multiple j of
 * π/4 nearest above a/(π/4)'s integer part, the remainder r = a − j·π/4 ∈ [−π/4, π/4] and the
 * quadrant k = (j/2) mod 4; then s = sin r, c = cos r.
 */
const REDUCTION = `  const a = Math.abs(x);
  const whole = Math.floor(a * ${FOUR_OVER_PI});
  const j = whole + (whole - 2.0 * Math.floor(whole * 0.5));
  const k = j * 0.5 - 4.0 * Math.floor(j * 0.125);
  const r = ((a - j * ${DP1}) - j * ${DP2}) - j * ${DP3};
  const z = r * r;
  const s = ((${S0} * z + ${S1}) * z + ${S2}) * z * r + r;
  const c = ((${C0} * z + ${C1}) * z + ${C2}) * z * z - 0.5 * z + 1.0;`;

/**
 * `float32Sine(x)` and `float32Cosine(x)` as self-contained JavaScript function sources (no
 * closures; only arithmetic, Math.abs/floor and if): gpu.js compiles them into every kernel mode.
 */
export const FLOAT32_SINE_SOURCE = `function float32Sine(x) {
${REDUCTION}
  let y = s;
  if (k == 1.0 || k == 3.0) {
    y = c;
  }
  if (k >= 2.0) {
    y = -y;
  }
  if (x < 0.0) {
    y = -y;
  }
  return y;
}`;

export const FLOAT32_COSINE_SOURCE = `function float32Cosine(x) {
${REDUCTION}
  let y = c;
  if (k == 1.0 || k == 3.0) {
    y = -s;
  }
  if (k >= 2.0) {
    y = -y;
  }
  return y;
}`;

/** The two sources evaluated in float64 (the same operations; the kernels run them in float32). */
export const float32Sine = new Function(`return ${FLOAT32_SINE_SOURCE}`)() as (x: number) => number;
export const float32Cosine = new Function(`return ${FLOAT32_COSINE_SOURCE}`)() as (x: number) => number;

/**
 * sin and cos by the same operations with every one rounded to float32 (Math.fround), i.e. what a
 * float32 kernel computes: the reference for the float32 error bound.
 */
export function float32SineCosineRounded(x: number): { sin: number; cos: number } {
  const f = Math.fround;
  const a = Math.abs(f(x));
  const whole = Math.floor(f(a * f(FOUR_OVER_PI)));
  const j = whole + (whole % 2);
  const k = (j / 2) % 4;
  const r = f(f(f(a - f(j * f(DP1))) - f(j * f(DP2))) - f(j * f(DP3)));
  const z = f(r * r);
  const s = f(f(f(f(f(f(f(f(S0) * z) + f(S1)) * z) + f(S2)) * z) * r) + r);
  const c = f(f(f(f(f(f(f(f(f(C0) * z) + f(C1)) * z) + f(C2)) * z) * z) - f(0.5 * z)) + 1);
  const sinA = k === 0 ? s : k === 1 ? c : k === 2 ? -s : -c;
  const cosA = k === 0 ? c : k === 1 ? -s : k === 2 ? -c : s;
  return { sin: x < 0 ? -sinA : sinA, cos: cosA };
}
