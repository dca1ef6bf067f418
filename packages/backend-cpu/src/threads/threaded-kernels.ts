import { isNeuronUnit, type PointSet, type ProductStructure, type Unit } from '@mfpg/core';
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
  // The grid ops' exponentials (op 7) stay in shared memory for a drift at the same θ and grid — the
  // flow's forward → evaluate → drift — while no other kernel set used the pool in between.
  const lastTheta = new Float64Array(particleCount * parameterDim);
  /** outerCount, outerDim, innerCount, innerDim of the kept grid. */
  const lastShape = new Int32Array(4);
  let lastOuter = new Float64Array(0);
  let lastInner = new Float64Array(0);
  let exponentialsKept = false;
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
    if (pool.owner !== owner || !onGrid) exponentialsKept = false;
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
  const keptFor = (theta: Float64Array, grid: ProductStructure): boolean => {
    if (!exponentialsKept || pool.owner !== owner) return false;
    if (lastShape[0] !== grid.outerCount || lastShape[1] !== grid.outerDim || lastShape[2] !== grid.innerCount || lastShape[3] !== grid.innerDim) return false;
    if (lastOuter.length !== grid.outerCount * grid.outerDim || lastInner.length !== grid.innerCount * grid.innerDim) return false;
    for (let k = 0; k < lastTheta.length; k++) if (lastTheta[k] !== theta[k]) return false;
    for (let k = 0; k < lastOuter.length; k++) if (lastOuter[k] !== grid.outer[k]) return false;
    for (let k = 0; k < lastInner.length; k++) if (lastInner[k] !== grid.inner[k]) return false;
    return true;
  };
  const splitGrid = (theta: Float64Array, grid: ProductStructure, pairs: number): void => {
    const op = control[CONTROL.op];
    control[CONTROL.op] = OP.gridSplit;
    exponentialsKept = false;
    pool.run(pairs);
    control[CONTROL.op] = op;
    lastTheta.set(theta.subarray(0, lastTheta.length));
    if (lastOuter.length !== grid.outerCount * grid.outerDim) lastOuter = new Float64Array(grid.outerCount * grid.outerDim);
    if (lastInner.length !== grid.innerCount * grid.innerDim) lastInner = new Float64Array(grid.innerCount * grid.innerDim);
    lastOuter.set(grid.outer.subarray(0, lastOuter.length));
    lastInner.set(grid.inner.subarray(0, lastInner.length));
    lastShape[0] = grid.outerCount;
    lastShape[1] = grid.outerDim;
    lastShape[2] = grid.innerCount;
    lastShape[3] = grid.innerDim;
    exponentialsKept = true;
  };
  return {
    forward(theta, points, out) {
      const data = prepare(OP.gridForward, theta, points);
      const pairs = particleCount * points.count;
      if (points.product !== undefined) splitGrid(theta, points.product, pairs);
      pool.run(pairs);
      const at = dataLayout(control).out;
      out.set(data.subarray(at, at + points.count));
    },
    drift(theta, points, weights, out) {
      const kept = points.product !== undefined && keptFor(theta, points.product);
      const data = prepare(OP.gridDrift, theta, points, weights);
      const pairs = particleCount * points.count;
      if (points.product !== undefined && !kept) splitGrid(theta, points.product, pairs);
      pool.run(pairs);
      const at = dataLayout(control).out;
      out.set(data.subarray(at, at + particleCount * parameterDim));
    },
  };
}
