import { SeparableUnit, TanhActivation } from '@mfpg/core';
import type { CpuDriftKernelConfig } from '../kernel-registry';
import { requireFeatureDim } from './require-feature-dim';
import { weightedFeatureSum } from './weighted-feature-sum';

const tanh = new TanhActivation();

/**
 * D F(ν, θ_i)_k = sech²(θ_ik) · Σ_j W_j x_jk for the separable unit (docs/math.md §3): the weighted
 * feature sum is shared by all particles, so one M×p pass plus N·d sech² evaluations.
 */
export const separableDriftConfig: CpuDriftKernelConfig = {
  name: 'SeparableDrift',
  unitKind: 'separable',
  op: 'drift',
  layout: 'general',
  /** Only the built-in SeparableUnit: another unit may reuse the kind name with a different φ. */
  supports: (unit) => unit instanceof SeparableUnit,
  compile({ particleCount, parameterDim }) {
    const featureSum = new Float64Array(parameterDim);
    return (theta, points, weights, out) => {
      const d = parameterDim;
      requireFeatureDim(points.dim, d, 'SeparableDrift');
      weightedFeatureSum(points.data, d, points.count, weights, featureSum);
      for (let i = 0, base = 0; i < particleCount; i++, base += d) {
        for (let k = 0; k < d; k++) out[base + k] = tanh.derivative(theta[base + k]) * featureSum[k];
      }
    };
  },
};
