import { outputWeight, outputWeightDerivative, type NeuronUnit, type PointSet } from '@mfpg/core';
import { particleMeans } from './particle-means';

/**
 * A first-order round-off model of the neuron kernels against the naive float64 loops, for
 * activations with |ϱ'| ≤ 1 and |ϱ''| ≤ 1 (tanh, sigmoid, softplus, sin). Its terms:
 * - z: both sides sum b and the p terms w_k x_k in some order (on a product grid as u + v, possibly
 *   shifted by ±s), so |Δz| ≤ 2(p + 3)·u·Z, Z the scale of z's partial sums; it moves ϱ and ϱ' by
 *   at most |Δz|;
 * - one activation evaluation: valueUlps·u·(1 + |ϱ|), slopeUlps·u;
 * - the sums over particles (forward) or points (drift) of terms bounded by 3|ℓ|(1 + |ϱ|) (the
 *   logistic kernels sum α·ℓ and β·ℓ·r separately, |α| + |β| ≤ 3): 3(n + 2)·u per unit term, n the
 *   number of terms, for kernel and reference together.
 */
export interface RoundOffModel {
  /** Unit round-off u of the kernel's arithmetic. */
  readonly eps: number;
  readonly valueUlps: number;
  readonly slopeUlps: number;
  /** Z: per particle, max_j (|b_i| + Σ_k |w_ik x_jk|), or per pair, |b_i| + Σ_k |w_ik x_jk|. */
  readonly zScale: 'particle' | 'pair';
  /** Roundings of each weight W_j before use (float32 inputs: 1). */
  readonly weightRoundings: number;
}

/** z_ij and the scale |b_i| + Σ_k |w_ik x_jk| of its partial sums. */
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

/** Z of particle i at point j under the model. */
function zScales(model: RoundOffModel, theta: Float64Array, count: number, points: PointSet): (i: number, j: number) => number {
  const d = points.dim + 2;
  if (model.zScale === 'pair') return (i, j) => preActivation(theta, i * d, points, j).scale;
  const scales = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < points.count; j++) scales[i] = Math.max(scales[i], preActivation(theta, i * d, points, j).scale);
  }
  return (i) => scales[i];
}

/** The bounds of one model, for the kernels it describes. */
export interface RoundOffTolerances {
  /** Bounds on |kernel − reference| of the forward, point by point. */
  forward(unit: NeuronUnit, theta: Float64Array, count: number, points: PointSet): Float64Array;
  /** Bounds on |kernel − reference| of the drift, component by component. */
  drift(unit: NeuronUnit, theta: Float64Array, count: number, points: PointSet, weights: Float64Array): Float64Array;
}

/** `model`'s forward and drift bounds. */
export function roundOffTolerances(model: RoundOffModel): RoundOffTolerances {
  return {
    forward: (unit, theta, count, points) => roundOffForwardTolerance(model, unit, theta, count, points),
    drift: (unit, theta, count, points, weights) => roundOffDriftTolerance(model, unit, theta, count, points, weights),
  };
}

/** Bounds on |kernel − naive| of the forward, point by point. */
function roundOffForwardTolerance(model: RoundOffModel, unit: NeuronUnit, theta: Float64Array, count: number, points: PointSet): Float64Array {
  const p = points.dim;
  const d = p + 2;
  const u = model.eps;
  const zScale = zScales(model, theta, count, points);
  return particleMeans(count, points.count, (i, j) => {
    const rho = Math.abs(unit.activation.value(preActivation(theta, i * d, points, j).z));
    const ell = Math.abs(outputWeight(theta[i * d], unit.outputBound));
    return ell * (2 * (p + 3) * u * zScale(i, j) + (model.valueUlps + 3 * (count + 2)) * u * (1 + rho));
  });
}

/** Bounds on |kernel − naive| of the drift, component by component. */
function roundOffDriftTolerance(
  model: RoundOffModel,
  unit: NeuronUnit,
  theta: Float64Array,
  count: number,
  points: PointSet,
  weights: Float64Array,
): Float64Array {
  const p = points.dim;
  const d = p + 2;
  const m = points.count;
  const u = model.eps;
  const zScale = zScales(model, theta, count, points);
  const tolerance = new Float64Array(theta.length);
  for (let i = 0; i < count; i++) {
    const base = i * d;
    const c = theta[base];
    const ell = Math.abs(outputWeight(c, unit.outputBound));
    const cSlope = Math.abs(outputWeightDerivative(c, unit.outputBound));
    const sumTerms = 3 * (m + 2) * u;
    for (let j = 0; j < m; j++) {
      const weight = Math.abs(weights[j]) * (1 + model.weightRoundings * u);
      const dz = 2 * (p + 3) * u * zScale(i, j);
      const rho = Math.abs(unit.activation.value(preActivation(theta, base, points, j).z));
      tolerance[base] += cSlope * weight * (dz + (model.valueUlps * u + sumTerms) * (1 + rho));
      const slopeError = ell * weight * (dz + model.slopeUlps * u + sumTerms);
      for (let k = 0; k < p; k++) tolerance[base + 1 + k] += slopeError * Math.abs(points.data[j * p + k]);
      tolerance[base + p + 1] += slopeError;
    }
  }
  return tolerance;
}
