import { roundOffTolerances } from './round-off-tolerance';

/** Unit round-off of float32. */
export const FLOAT32_EPS = 2 ** -24;

/**
 * Bounds on |float32 kernel − float64 reference| of the forward (point by point) and of the drift
 * (component by component): the float64 bounds of kernel-reference.ts with float32's u
 * (round-off-tolerance.ts), z from float32 θ, x (rounded inputs, relative u each) and p + 1 float32
 * operations, per pair, and each W_j rounded to float32 once more. The error allowances, in units of
 * FLOAT32_EPS, of one activation evaluation in a float32 kernel: the rational tanh is within 6
 * float32 ulps = 12·u (math/rational-tanh.ts), plus the rounding of ℓ and of the output (1·u each),
 * plus 2·u for sigmoid's z/2 and 1/2 + t/2: 16 for values, absolute relative to 1 + |ϱ|;
 * ϱ' = 1 − t² doubles t's error and adds 2 roundings: 32 for derivatives.
 */
export const { forward: float32ForwardTolerance, drift: float32DriftTolerance } = roundOffTolerances({
  eps: FLOAT32_EPS,
  valueUlps: 16,
  slopeUlps: 32,
  zScale: 'pair',
  weightRoundings: 1,
});
