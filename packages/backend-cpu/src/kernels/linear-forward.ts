import { LinearUnit } from '@mfpg/core';
import type { CpuForwardKernelConfig } from '../kernel-registry';
import { requireFeatureDim } from './require-feature-dim';

/**
 * f_ν(x_j) = (1/N) Σ_i θ_i·x_j = m·x_j with m = (1/N) Σ_i θ_i, for the linear unit (docs/math.md §7):
 * one N×d pass for the mean, then one M×p pass; O(N·d + M·p) instead of O(N·M·p).
 */
export const linearForwardConfig: CpuForwardKernelConfig = {
  name: 'LinearForward',
  unitKind: 'linear',
  op: 'forward',
  layout: 'general',
  /** Only the built-in LinearUnit: another unit may reuse the kind name with a different φ. */
  supports: (unit) => unit instanceof LinearUnit,
  compile({ particleCount, parameterDim }) {
    const mean = new Float64Array(parameterDim);
    return (theta, points, out) => {
      const d = parameterDim;
      requireFeatureDim(points.dim, d, 'LinearForward');
      mean.fill(0);
      for (let i = 0, base = 0; i < particleCount; i++, base += d) {
        for (let k = 0; k < d; k++) mean[k] += theta[base + k];
      }
      for (let k = 0; k < d; k++) mean[k] /= particleCount;
      const x = points.data;
      for (let j = 0, row = 0; j < points.count; j++, row += d) {
        let sum = 0;
        for (let k = 0; k < d; k++) sum += mean[k] * x[row + k];
        out[j] = sum;
      }
    };
  },
};
