import { isNeuronUnit, type PointSet, type Unit } from '@mfpg/core';
import type { CpuDriftKernel, CpuForwardKernel } from '../kernel-registry';
import { ACTIVATION, CONTROL, dataLayout, OP } from './shared-kernels';
import type { WorkerPool } from './worker-pool';

/**
 * Float64 forward and drift on a worker pool for neurons with tanh or sigmoid, or undefined when
 * the pool has no kernel for the unit (the caller keeps the single-threaded registry kernels).
 * Inputs are copied into shared memory per call (N·d + M·p + M values, small next to the N·M pair
 * work).
 */
export function compileThreadedKernels(
  pool: WorkerPool,
  unit: Unit,
  particleCount: number,
  parameterDim: number,
): { forward: CpuForwardKernel; drift: CpuDriftKernel } | undefined {
  if (!isNeuronUnit(unit)) return undefined;
  const name = unit.activation.name;
  if (name !== 'tanh' && name !== 'sigmoid') return undefined;
  const code = name === 'sigmoid' ? ACTIVATION.sigmoid : ACTIVATION.tanh;
  const control = pool.control;
  const owner = {};
  const prepare = (op: number, theta: Float64Array, points: PointSet, weights?: Float64Array): Float64Array => {
    const grid = points.product;
    const onGrid = grid !== undefined;
    control[CONTROL.op] = onGrid ? op : op + 2;
    control[CONTROL.particleCount] = particleCount;
    control[CONTROL.parameterDim] = parameterDim;
    control[CONTROL.pointCount] = points.count;
    control[CONTROL.featureDim] = points.dim;
    control[CONTROL.outerCount] = grid?.outerCount ?? 0;
    control[CONTROL.outerDim] = grid?.outerDim ?? 0;
    control[CONTROL.innerCount] = grid?.innerCount ?? 0;
    control[CONTROL.innerDim] = grid?.innerDim ?? 0;
    control[CONTROL.activation] = code;
    control[CONTROL.cache] = 0;
    const data = pool.reserve();
    const layout = dataLayout(control);
    pool.owner = owner;
    data[0] = unit.outputBound;
    data.set(theta.subarray(0, particleCount * parameterDim), layout.theta);
    if (onGrid) {
      data.set(grid.outer.subarray(0, grid.outerCount * grid.outerDim), layout.points);
      data.set(grid.inner.subarray(0, grid.innerCount * grid.innerDim), layout.points + grid.outerCount * grid.outerDim);
    } else {
      data.set(points.data.subarray(0, points.count * points.dim), layout.points);
    }
    if (weights !== undefined) data.set(weights.subarray(0, points.count), layout.weights);
    return data;
  };
  return {
    forward(theta, points, out) {
      const data = prepare(OP.gridForward, theta, points);
      pool.run(particleCount * points.count);
      const at = dataLayout(control).out;
      out.set(data.subarray(at, at + points.count));
    },
    drift(theta, points, weights, out) {
      const data = prepare(OP.gridDrift, theta, points, weights);
      pool.run(particleCount * points.count);
      const at = dataLayout(control).out;
      out.set(data.subarray(at, at + particleCount * parameterDim));
    },
  };
}
