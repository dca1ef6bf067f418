import { outputWeight, outputWeightDerivative, type NeuronUnit, type PointSet } from '@mfpg/core';

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
 * Bounds on |float32 kernel − float64 reference| for a neuron with |ϱ'|, |ϱ''| ≤ 1, the float64
 * bounds of backend-cpu's kernel-reference with float32's u: z from float32 θ, x (rounded inputs,
 * relative u each) and p + 1 float32 operations: |Δz| ≤ 2(p + 3)·u·Z_i, Z_i = max_j (|b_i| + Σ|w x|);
 * the sum of n terms: 3(n + 2)·u per unit term (recursive summation, first order).
 */
export function float32ForwardTolerance(unit: NeuronUnit, theta: Float64Array, count: number, points: PointSet): Float64Array {
  const p = points.dim;
  const d = p + 2;
  const u = FLOAT32_EPS;
  const tolerance = new Float64Array(points.count);
  for (let j = 0; j < points.count; j++) {
    let sum = 0;
    for (let i = 0; i < count; i++) {
      const { z, scale } = preActivation(theta, i * d, points, j);
      const rho = Math.abs(unit.activation.value(z));
      const ell = Math.abs(outputWeight(theta[i * d], unit.outputBound));
      sum += ell * (2 * (p + 3) * u * scale + (VALUE_ULPS + 3 * (count + 2)) * u * (1 + rho));
    }
    tolerance[j] = sum / count;
  }
  return tolerance;
}

/** Bounds on |float32 kernel − float64 reference| for the drift, component by component. */
export function float32DriftTolerance(
  unit: NeuronUnit,
  theta: Float64Array,
  count: number,
  points: PointSet,
  weights: Float64Array,
): Float64Array {
  const p = points.dim;
  const d = p + 2;
  const m = points.count;
  const u = FLOAT32_EPS;
  const tolerance = new Float64Array(theta.length);
  for (let i = 0; i < count; i++) {
    const base = i * d;
    const c = theta[base];
    const ell = Math.abs(outputWeight(c, unit.outputBound));
    const cSlope = Math.abs(outputWeightDerivative(c, unit.outputBound));
    const sumTerms = 3 * (m + 2) * u;
    for (let j = 0; j < m; j++) {
      // W_j itself is rounded to float32: one more u per term.
      const weight = Math.abs(weights[j]) * (1 + u);
      const { z, scale } = preActivation(theta, base, points, j);
      const dz = 2 * (p + 3) * u * scale;
      const rho = Math.abs(unit.activation.value(z));
      tolerance[base] += cSlope * weight * (dz + (VALUE_ULPS * u + sumTerms) * (1 + rho));
      const slopeError = ell * weight * (dz + SLOPE_ULPS * u + sumTerms);
      for (let k = 0; k < p; k++) tolerance[base + 1 + k] += slopeError * Math.abs(points.data[j * p + k]);
      tolerance[base + p + 1] += slopeError;
    }
  }
  return tolerance;
}

function preActivation(theta: Float64Array, base: number, points: PointSet, j: number): { z: number; scale: number } {
  const p = points.dim;
  let z = theta[base + p + 1];
  let scale = Math.abs(z);
  for (let k = 0; k < p; k++) {
    const term = theta[base + 1 + k] * points.data[j * p + k];
    z += term;
    scale += Math.abs(term);
  }
  return { z, scale };
}
