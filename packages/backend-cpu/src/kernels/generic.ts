import { ANY_UNIT_KIND, type CpuKernelFamily, type CpuPreparedKernels } from '../kernel-registry';
import { RowViews } from '../row-views';
import { familyConfigs } from './family-configs';

/**
 * f_ν(x_j) = (1/N) Σ_i φ(θ_i, x_j) through `Unit.value` and D F(ν, θ_i) = Σ_j W_j ∇_θ φ(θ_i, x_j)
 * through `Unit.addGradient`, for units without a fused kernel. Prepared at (θ, points), the row
 * views of both (row-views.ts) are looked up once for the forward and the drift.
 */
const genericFamily: CpuKernelFamily = {
  name: 'Generic',
  compile({ unit, particleCount, parameterDim }) {
    const views = new RowViews();
    const handle = new (class implements CpuPreparedKernels {
      particles: readonly Float64Array[] = [];
      /** Views of at least the points' rows (RowViews may keep more rows of a buffer). */
      xs: readonly Float64Array[] = [];
      count = 0;

      forward(out: Float64Array): void {
        const { particles, xs, count } = this;
        out.fill(0, 0, count);
        for (let i = 0; i < particleCount; i++) {
          const particle = particles[i];
          for (let j = 0; j < count; j++) out[j] += unit.value(particle, xs[j]);
        }
        const scale = 1 / particleCount;
        for (let j = 0; j < count; j++) out[j] *= scale;
      }

      drift(weights: Float64Array, out: Float64Array): void {
        const { particles, xs, count } = this;
        out.fill(0, 0, particleCount * parameterDim);
        for (let i = 0; i < particleCount; i++) {
          const offset = i * parameterDim;
          for (let j = 0; j < count; j++) unit.addGradient(particles[i], xs[j], weights[j], out, offset);
        }
      }
    })();
    return (theta, points) => {
      handle.particles = views.of(theta, particleCount, parameterDim);
      handle.xs = views.of(points.data, points.count, points.dim);
      handle.count = points.count;
      return handle;
    };
  },
};

export const { forward: genericForwardConfig, drift: genericDriftConfig } = familyConfigs({
  family: genericFamily,
  unitKind: ANY_UNIT_KIND,
  layout: 'general',
});
