import { outputWeight, outputWeightDerivative, type Activation } from '@mfpg/core';
import type { CpuDriftKernelConfig } from '../kernel-registry';
import { requireNeuronUnit } from './require-neuron-unit';

/**
 * D F(ν, θ_i) = Σ_j W_j ∇_θ φ(θ_i, x_j) for the neuron and any activation and point set (docs/math.md §3):
 * ∂c = ℓ'(c) Σ_j W_j ϱ(z_j), ∂w = ℓ(c) Σ_j W_j ϱ'(z_j) x_j, ∂b = ℓ(c) Σ_j W_j ϱ'(z_j).
 * One pass per particle over the points; the w-sums accumulate directly in the particle's row of `out`.
 */
export const neuronDriftConfig: CpuDriftKernelConfig = {
  name: 'NeuronDrift',
  unitKind: 'neuron',
  op: 'drift',
  layout: 'general',
  compile({ unit, particleCount, parameterDim }) {
    const { activation, outputBound } = requireNeuronUnit(unit, 'NeuronDrift');
    return (theta, points, weights, out) => {
      const p = points.dim;
      out.fill(0, 0, particleCount * parameterDim);
      for (let i = 0; i < particleCount; i++) {
        const base = i * parameterDim;
        const c = theta[base];
        const valueSum = accumulateNeuronSums(activation, theta, base, points.data, p, points.count, weights, out);
        const ell = outputWeight(c, outputBound);
        out[base] = outputWeightDerivative(c, outputBound) * valueSum;
        for (let k = 1; k <= p + 1; k++) out[base + k] *= ell;
      }
    };
  },
};

/**
 * One particle's pass: returns Σ_j W_j ϱ(z_j) and adds Σ_j W_j ϱ'(z_j)·x_j to out[base+1..base+p]
 * and Σ_j W_j ϱ'(z_j) to out[base+p+1], with z_j = b + Σ_k w_k x_jk summed like NeuronUnit.value.
 */
function accumulateNeuronSums(
  activation: Activation,
  theta: Float64Array,
  base: number,
  x: Float64Array,
  p: number,
  count: number,
  weights: Float64Array,
  out: Float64Array,
): number {
  const bias = theta[base + p + 1];
  let valueSum = 0;
  let slopeSum = 0;
  for (let j = 0, row = 0; j < count; j++, row += p) {
    let z = bias;
    for (let k = 0; k < p; k++) z += theta[base + 1 + k] * x[row + k];
    const weight = weights[j];
    valueSum += weight * activation.value(z);
    const slope = weight * activation.derivative(z);
    slopeSum += slope;
    for (let k = 0; k < p; k++) out[base + 1 + k] += slope * x[row + k];
  }
  out[base + p + 1] += slopeSum;
  return valueSum;
}
