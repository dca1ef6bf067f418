import { outputWeight, outputWeightDerivative, type Activation } from '@mfpg/core';
import type { CpuKernelFamily } from '../kernel-registry';
import { bindKernels } from './bound-kernels';
import { familyConfigs } from './family-configs';
import { requireNeuronUnit } from './require-neuron-unit';

/**
 * The neuron's kernels for any activation and point set, one pass per particle over the points
 * with no temporaries (docs/math.md §2, §3):
 * forward f_ν(x_j) = (1/N) Σ_i ℓ(c_i)·ϱ(w_i·x_j + b_i), accumulated in `out`;
 * drift D F(ν, θ_i) = Σ_j W_j ∇_θ φ(θ_i, x_j):
 * ∂c = ℓ'(c) Σ_j W_j ϱ(z_j), ∂w = ℓ(c) Σ_j W_j ϱ'(z_j) x_j, ∂b = ℓ(c) Σ_j W_j ϱ'(z_j),
 * the w-sums accumulated directly in the particle's row of `out`. They share no work at θ.
 */
const neuronFamily: CpuKernelFamily = {
  name: 'Neuron',
  compile({ unit, particleCount, parameterDim }) {
    const { activation, outputBound } = requireNeuronUnit(unit, 'Neuron');
    return bindKernels(
      (theta, points, out) => {
        const count = points.count;
        out.fill(0, 0, count);
        for (let i = 0; i < particleCount; i++) {
          const base = i * parameterDim;
          const ell = outputWeight(theta[base], outputBound);
          addNeuronValues(activation, ell, theta, base, points.data, points.dim, count, out);
        }
        const scale = 1 / particleCount;
        for (let j = 0; j < count; j++) out[j] *= scale;
      },
      (theta, points, weights, out) => {
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
      },
    );
  },
};

/** One particle's forward pass: out[j] += ℓ·ϱ(b + Σ_k w_k x_jk), summed from b in feature order like NeuronUnit.value. */
function addNeuronValues(
  activation: Activation,
  ell: number,
  theta: Float64Array,
  base: number,
  x: Float64Array,
  p: number,
  count: number,
  out: Float64Array,
): void {
  const bias = theta[base + p + 1];
  for (let j = 0, row = 0; j < count; j++, row += p) {
    let z = bias;
    for (let k = 0; k < p; k++) z += theta[base + 1 + k] * x[row + k];
    out[j] += ell * activation.value(z);
  }
}

/**
 * One particle's drift pass: returns Σ_j W_j ϱ(z_j) and adds Σ_j W_j ϱ'(z_j)·x_j to out[base+1..base+p]
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

export const { forward: neuronForwardConfig, drift: neuronDriftConfig } = familyConfigs({
  family: neuronFamily,
  unitKind: 'neuron',
  layout: 'general',
});
