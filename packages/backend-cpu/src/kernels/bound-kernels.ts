import type { PointSet } from '@mfpg/core';
import type { CpuDriftKernel, CpuForwardKernel, CpuPrepare, CpuPreparedKernels } from '../kernel-registry';

/**
 * The preparation of a forward and a drift that share nothing: the handle only remembers θ and the
 * points (one handle, re-aimed at each call, so preparing allocates nothing).
 */
export function bindKernels(forward: CpuForwardKernel, drift: CpuDriftKernel): CpuPrepare {
  const handle = new (class implements CpuPreparedKernels {
    theta: Float64Array = new Float64Array(0);
    points: PointSet = { count: 0, dim: 0, data: new Float64Array(0) };
    forward(out: Float64Array): void {
      forward(this.theta, this.points, out);
    }
    drift(weights: Float64Array, out: Float64Array): void {
      drift(this.theta, this.points, weights, out);
    }
  })();
  return (theta, points) => {
    handle.theta = theta;
    handle.points = points;
    return handle;
  };
}
