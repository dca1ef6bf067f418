import { outputWeight, type Activation } from '@mfpg/core';
import type { CpuForwardKernelConfig } from '../kernel-registry';
import { requireNeuronUnit } from './require-neuron-unit';

/**
 * f_ν(x_j) = (1/N) Σ_i ℓ(c_i)·ϱ(w_i·x_j + b_i) for any activation and point set (docs/math.md §2):
 * one pass per particle over the points, accumulating into `out`; no temporaries.
 */
export const neuronForwardConfig: CpuForwardKernelConfig = {
  name: 'NeuronForward',
  unitKind: 'neuron',
  op: 'forward',
  layout: 'general',
  compile({ unit, particleCount, parameterDim }) {
    const { activation, outputBound } = requireNeuronUnit(unit, 'NeuronForward');
    return (theta, points, out) => {
      const count = points.count;
      out.fill(0, 0, count);
      for (let i = 0; i < particleCount; i++) {
        const base = i * parameterDim;
        const ell = outputWeight(theta[base], outputBound);
        addNeuronValues(activation, ell, theta, base, points.data, points.dim, count, out);
      }
      const scale = 1 / particleCount;
      for (let j = 0; j < count; j++) out[j] *= scale;
    };
  },
};

/** One particle's pass: out[j] += ℓ·ϱ(b + Σ_k w_k x_jk), summed from b in feature order like NeuronUnit.value. */
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
