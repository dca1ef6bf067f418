import { ANY_UNIT_KIND, type CpuForwardKernelConfig } from '../kernel-registry';
import { RowViews } from '../row-views';

/** f_ν(x_j) = (1/N) Σ_i φ(θ_i, x_j) through `Unit.value`, for units without a fused kernel. */
export const genericForwardConfig: CpuForwardKernelConfig = {
  name: 'GenericForward',
  unitKind: ANY_UNIT_KIND,
  op: 'forward',
  layout: 'general',
  compile({ unit, particleCount, parameterDim }) {
    const views = new RowViews();
    return (theta, points, out) => {
      const count = points.count;
      const particles = views.of(theta, particleCount, parameterDim);
      const xs = views.of(points.data, count, points.dim);
      out.fill(0, 0, count);
      for (let i = 0; i < particleCount; i++) {
        const particle = particles[i];
        for (let j = 0; j < count; j++) out[j] += unit.value(particle, xs[j]);
      }
      const scale = 1 / particleCount;
      for (let j = 0; j < count; j++) out[j] *= scale;
    };
  },
};
