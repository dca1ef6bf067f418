import { LinearUnit } from '@mfpg/core';
import type { CpuDriftKernelConfig } from '../kernel-registry';
import { requireFeatureDim } from './require-feature-dim';
import { weightedFeatureSum } from './weighted-feature-sum';

/**
 * D F(ν, θ_i) = Σ_j W_j x_j for the linear unit (∇_θ(θ·x) = x, docs/math.md §3, §7): the same vector
 * ∇G(m) for every particle, computed once and copied into each row.
 */
export const linearDriftConfig: CpuDriftKernelConfig = {
  name: 'LinearDrift',
  unitKind: 'linear',
  op: 'drift',
  layout: 'general',
  /** Only the built-in LinearUnit: another unit may reuse the kind name with a different φ. */
  supports: (unit) => unit instanceof LinearUnit,
  compile({ particleCount, parameterDim }) {
    const gradient = new Float64Array(parameterDim);
    return (_theta, points, weights, out) => {
      requireFeatureDim(points.dim, parameterDim, 'LinearDrift');
      weightedFeatureSum(points.data, parameterDim, points.count, weights, gradient);
      for (let i = 0; i < particleCount; i++) out.set(gradient, i * parameterDim);
    };
  },
};
