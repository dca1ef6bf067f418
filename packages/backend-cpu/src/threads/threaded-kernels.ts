import { isNeuronUnit, type PointSet, type Unit } from '@mfpg/core';
import type { CpuDriftKernel, CpuForwardKernel } from '../kernel-registry';
import { ACTIVATION, CONTROL, dataLayout, OP } from './shared-kernels';
import type { WorkerPool } from './worker-pool';

/** Largest N·M whose float32 activation cache is kept (2^26 values = 256 MiB). */
const CACHE_LIMIT = 2 ** 26;

/** Whether data[at …] equals values[0 … length) exactly. */
function sameValues(data: Float64Array, at: number, values: Float64Array, length: number): boolean {
  for (let k = 0; k < length; k++) if (data[at + k] !== values[k]) return false;
  return true;
}

/** `float64`: the reference arithmetic. `float32`: tanh by the rational form (≤ 1.3e−7 relative). */
export type CpuPrecision = 'float64' | 'float32';

/**
 * Forward and drift on a worker pool for neurons with tanh or sigmoid (and, at float32 precision,
 * tanh on general points), or undefined when the pool has no kernel for the unit (the caller keeps
 * the single-threaded registry kernels). Inputs are copied into shared memory per call (N·d + M·p +
 * M values, small next to the N·M pair work).
 */
export function compileThreadedKernels(
  pool: WorkerPool,
  unit: Unit,
  particleCount: number,
  parameterDim: number,
  precision: CpuPrecision,
): { forward: CpuForwardKernel; drift: CpuDriftKernel } | undefined {
  if (!isNeuronUnit(unit)) return undefined;
  const name = unit.activation.name;
  if (name !== 'tanh' && name !== 'sigmoid') return undefined;
  if (precision === 'float32' && name !== 'tanh') return undefined;
  const code = name === 'sigmoid' ? ACTIVATION.sigmoid : ACTIVATION.tanh;
  const control = pool.control;
  /** Whether the cache holds tanh(z_ij) of the θ and points now in shared memory. */
  let cacheFilled = false;
  const prepare = (op: number, theta: Float64Array, points: PointSet, weights?: Float64Array): Float64Array => {
    const grid = points.product;
    const onGrid = grid !== undefined;
    const caching = precision === 'float32' && !onGrid && particleCount * points.count <= CACHE_LIMIT;
    control[CONTROL.op] = onGrid ? op : op + 2;
    control[CONTROL.particleCount] = particleCount;
    control[CONTROL.parameterDim] = parameterDim;
    control[CONTROL.pointCount] = points.count;
    control[CONTROL.featureDim] = points.dim;
    control[CONTROL.outerCount] = grid?.outerCount ?? 0;
    control[CONTROL.outerDim] = grid?.outerDim ?? 0;
    control[CONTROL.innerCount] = grid?.innerCount ?? 0;
    control[CONTROL.innerDim] = grid?.innerDim ?? 0;
    // Rational tanh only off the grid: the grid kernels' logistic form is already cheaper and exact.
    control[CONTROL.activation] = precision === 'float32' && !onGrid ? ACTIVATION.rationalTanh : code;
    control[CONTROL.cache] = caching ? 1 : 0;
    const data = pool.reserve();
    const layout = dataLayout(control);
    const reuse =
      caching &&
      op === OP.gridDrift &&
      cacheFilled &&
      sameValues(data, layout.theta, theta, particleCount * parameterDim) &&
      sameValues(data, layout.points, points.data, points.count * points.dim);
    if (caching) control[CONTROL.cache] = reuse ? 2 : 1;
    cacheFilled = caching && (reuse || op === OP.gridForward);
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
      pool.run();
      const at = dataLayout(control).out;
      out.set(data.subarray(at, at + points.count));
    },
    drift(theta, points, weights, out) {
      const data = prepare(OP.gridDrift, theta, points, weights);
      pool.run();
      const at = dataLayout(control).out;
      out.set(data.subarray(at, at + particleCount * parameterDim));
    },
  };
}
