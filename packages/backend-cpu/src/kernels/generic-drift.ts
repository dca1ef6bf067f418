import { ANY_UNIT_KIND, type CpuDriftKernelConfig } from '../kernel-registry';
import { RowViews } from '../row-views';

/** D F(ν, θ_i) = Σ_j W_j ∇_θ φ(θ_i, x_j) through `Unit.addGradient`, for units without a fused kernel. */
export const genericDriftConfig: CpuDriftKernelConfig = {
  name: 'GenericDrift',
  unitKind: ANY_UNIT_KIND,
  op: 'drift',
  layout: 'general',
  compile({ unit, particleCount, parameterDim }) {
    const views = new RowViews();
    return (theta, points, weights, out) => {
      const count = points.count;
      const particles = views.of(theta, particleCount, parameterDim);
      const xs = views.of(points.data, count, points.dim);
      out.fill(0, 0, particleCount * parameterDim);
      for (let i = 0; i < particleCount; i++) {
        const particle = particles[i];
        const offset = i * parameterDim;
        for (let j = 0; j < count; j++) unit.addGradient(particle, xs[j], weights[j], out, offset);
      }
    };
  },
};
