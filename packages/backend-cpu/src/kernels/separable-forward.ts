import { SeparableUnit, TanhActivation } from '@mfpg/core';
import type { CpuForwardKernelConfig } from '../kernel-registry';
import { requireFeatureDim } from './require-feature-dim';

const tanh = new TanhActivation();

/**
 * f_ν(x_j) = (1/N) Σ_i Σ_k tanh(θ_ik) x_jk = t·x_j with t = (1/N) Σ_i tanh(θ_i), for the separable
 * unit (docs/math.md §7, B5): N·d tanh evaluations instead of N·M·p.
 */
export const separableForwardConfig: CpuForwardKernelConfig = {
  name: 'SeparableForward',
  unitKind: 'separable',
  op: 'forward',
  layout: 'general',
  /** Only the built-in SeparableUnit: another unit may reuse the kind name with a different φ. */
  supports: (unit) => unit instanceof SeparableUnit,
  compile({ particleCount, parameterDim }) {
    const meanTanh = new Float64Array(parameterDim);
    return (theta, points, out) => {
      const d = parameterDim;
      requireFeatureDim(points.dim, d, 'SeparableForward');
      meanTanh.fill(0);
      for (let i = 0, base = 0; i < particleCount; i++, base += d) {
        for (let k = 0; k < d; k++) meanTanh[k] += tanh.value(theta[base + k]);
      }
      for (let k = 0; k < d; k++) meanTanh[k] /= particleCount;
      const x = points.data;
      for (let j = 0, row = 0; j < points.count; j++, row += d) {
        let sum = 0;
        for (let k = 0; k < d; k++) sum += meanTanh[k] * x[row + k];
        out[j] = sum;
      }
    };
  },
};
