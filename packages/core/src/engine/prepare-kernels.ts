import type { ParticleKernels, PreparedKernels } from '../plugin-points/particle-backend';
import type { PointSet } from '../plugin-points/point-set';

/** `kernels.prepare(theta, points)`, or for kernels without prepare their forward and drift bound to them. */
export function prepareKernels(kernels: ParticleKernels, theta: Float64Array, points: PointSet): PreparedKernels {
  if (kernels.prepare !== undefined) return kernels.prepare(theta, points);
  return {
    forward: (out) => kernels.forward(theta, points, out),
    drift: (weights, out) => kernels.drift(theta, points, weights, out),
  };
}
