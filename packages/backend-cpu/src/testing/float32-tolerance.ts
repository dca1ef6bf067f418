import type { NeuronUnit, PointSet } from '@mfpg/core';
import { roundOffDriftTolerance, roundOffForwardTolerance, type RoundOffModel } from './round-off-tolerance';

/** Unit round-off of float32. */
export const FLOAT32_EPS = 2 ** -24;

/**
 * Error allowances, in units of FLOAT32_EPS, of one activation evaluation in a float32 kernel: the
 * rational tanh is within 6 float32 ulps = 12·u (math/rational-tanh.ts), plus the rounding of ℓ and
 * of the output (1·u each), plus 2·u for sigmoid's z/2 and 1/2 + t/2: VALUE_ULPS = 16, absolute
 * relative to 1 + |ϱ|; ϱ' = 1 − t² doubles t's error and adds 2 roundings: SLOPE_ULPS = 32·u.
 */
const VALUE_ULPS = 16;
const SLOPE_ULPS = 32;

/**
 * The float64 bounds of kernel-reference.ts with float32's u (round-off-tolerance.ts): z from float32
 * θ, x (rounded inputs, relative u each) and p + 1 float32 operations, per pair; each W_j rounded
 * to float32 once more.
 */
const FLOAT32_MODEL: RoundOffModel = { eps: FLOAT32_EPS, valueUlps: VALUE_ULPS, slopeUlps: SLOPE_ULPS, zScale: 'pair', weightRoundings: 1 };

/** Bounds on |float32 kernel − float64 reference| of the forward, point by point. */
export function float32ForwardTolerance(unit: NeuronUnit, theta: Float64Array, count: number, points: PointSet): Float64Array {
  return roundOffForwardTolerance(FLOAT32_MODEL, unit, theta, count, points);
}

/** Bounds on |float32 kernel − float64 reference| of the drift, component by component. */
export function float32DriftTolerance(unit: NeuronUnit, theta: Float64Array, count: number, points: PointSet, weights: Float64Array): Float64Array {
  return roundOffDriftTolerance(FLOAT32_MODEL, unit, theta, count, points, weights);
}
