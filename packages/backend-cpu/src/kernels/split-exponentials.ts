/**
 * Limits of the split exponentials e^{κ(u_o − s)}, e^{κ(v_i + s)} of the product-grid kernels. The
 * split kernels (assembly/split-shift.ts) choose the shift s for which every factor exponent
 * u_o − s, v_i + s lies within ±limit/|κ|: s = 0 when that already holds (no extra rounding), else
 * s = (centre of u − centre of v)/2, which centres both ranges on half the centre of the z-range.
 * When no such s is found — some |z| or the spread of u or v is then of order limit/|κ| or more, or
 * u, v hold NaN or ±∞ — the particle goes pair by pair instead.
 */

/**
 * Largest |exponent| allowed for one factor e^{κu'}, e^{κv'} in float64: a product of two then lies
 * in [e^{−708}, e^{708}] ⊂ [2.2e−308, 1.8e308], a normal, finite double, so E, 1 + E, r and E·r
 * never overflow, underflow or meet ∞·0 (which would be NaN).
 */
export const FLOAT64_FACTOR_EXPONENT_LIMIT = 354;

/**
 * The same in float32: a product of two factors lies in [e^{−86}, e^{86}] ⊂ [1.18e−38 (e^{−87.3},
 * the least normal float32), 3.4e38 (e^{88.7})], with room for the factors' rounding to float32.
 */
export const FLOAT32_FACTOR_EXPONENT_LIMIT = 43;
