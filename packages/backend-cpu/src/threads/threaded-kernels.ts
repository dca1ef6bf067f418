import { isNeuronUnit, type PointSet, type ProductStructure, type Unit } from '@mfpg/core';
import type { CpuDriftKernel, CpuForwardKernel } from '../kernel-registry';
import { logisticFormOf } from '../kernels/logistic-form';
import {
  layoutCache,
  readLogisticGeneralDrift,
  readLogisticGeneralForward,
  writeLogisticGeneralInputs,
  writeLogisticGeneralWeights,
  type LogisticGeneralLayout,
} from '../kernels/neuron-logistic-general';
import { requireProductGrid } from '../kernels/require-product-grid';
import { ACTIVATION, CONTROL, dataLayout, OP } from './worker-share';
import type { WorkerPool } from './worker-pool';

/**
 * Float64 forward and drift on a worker pool for neurons whose activation declares a logistic
 * form, or undefined otherwise (the caller keeps the single-threaded registry kernels). General
 * points run the WebAssembly functions of the registry kernels NeuronLogisticForward/Drift split
 * over the threads (any declared form); product grids run the shared grid ops for tanh and sigmoid,
 * whose pair-by-pair fallback (particles beyond the exponent range) the workers evaluate with the
 * built-in formulas — another logistic activation keeps the single-threaded grid kernels. Inputs are
 * copied into shared memory per call (N·d + M·p + M values, small next to the N·M pair work).
 */
export function compileThreadedKernels(
  pool: WorkerPool,
  unit: Unit,
  particleCount: number,
  parameterDim: number,
  gridForward: CpuForwardKernel | undefined,
  gridDrift: CpuDriftKernel | undefined,
): { forward: CpuForwardKernel; drift: CpuDriftKernel; gridForward?: CpuForwardKernel; gridDrift?: CpuDriftKernel } | undefined {
  if (!isNeuronUnit(unit)) return undefined;
  const form = logisticFormOf(unit.activation);
  if (form === undefined) return undefined;
  const n = particleCount;
  const d = parameterDim;
  const outputBound = unit.outputBound;
  const name = unit.activation.name;
  const sharedGrid = name === 'tanh' || name === 'sigmoid';
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
  /** Describes a grid op in control and writes its inputs; the memory's float64 view. */
  const prepare = (op: number, theta: Float64Array, grid: ProductStructure, pointCount: number, weights?: Float64Array): Float64Array => {
    control[CONTROL.op] = op;
    control[CONTROL.particleCount] = n;
    control[CONTROL.parameterDim] = d;
    control[CONTROL.pointCount] = pointCount;
    control[CONTROL.featureDim] = grid.outerDim + grid.innerDim;
    control[CONTROL.outerCount] = grid.outerCount;
    control[CONTROL.outerDim] = grid.outerDim;
    control[CONTROL.innerCount] = grid.innerCount;
    control[CONTROL.innerDim] = grid.innerDim;
    control[CONTROL.activation] = code;
    control[CONTROL.cache] = 0;
    const data = pool.reserve();
    const layout = dataLayout(control);
    if (pool.owner !== owner) exponentialsKept = false;
    pool.owner = owner;
    data[0] = outputBound;
    data.set(theta.subarray(0, n * d), layout.theta);
    data.set(grid.outer.subarray(0, grid.outerCount * grid.outerDim), layout.points);
    data.set(grid.inner.subarray(0, grid.innerCount * grid.innerDim), layout.points + grid.outerCount * grid.outerDim);
    if (weights !== undefined) data.set(weights.subarray(0, pointCount), layout.weights);
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
  const layoutFor = layoutCache(n, d, pool.threads);
  /** Describes a general-point op in control and writes its inputs; returns the layout. */
  const prepareGeneral = (op: number, theta: Float64Array, points: PointSet): LogisticGeneralLayout => {
    const layout = layoutFor(points.count);
    control[CONTROL.op] = op;
    control[CONTROL.particleCount] = n;
    control[CONTROL.parameterDim] = d;
    control[CONTROL.pointCount] = points.count;
    control[CONTROL.featureDim] = d - 2;
    control[CONTROL.pointStride] = layout.pointStride;
    control[CONTROL.ellsAt] = layout.ells;
    control[CONTROL.thetaAt] = layout.theta;
    control[CONTROL.pointsAt] = layout.points;
    control[CONTROL.weightsAt] = layout.weights;
    control[CONTROL.outAt] = layout.out;
    control[CONTROL.scratchAt] = layout.scratch;
    control[CONTROL.bytes] = layout.bytes;
    const f64 = pool.reserve();
    // The grid exponentials, if any, are overwritten.
    exponentialsKept = false;
    pool.owner = owner;
    writeLogisticGeneralInputs(f64, layout, form, outputBound, n, d, theta, points);
    return layout;
  };
  const generalForward: CpuForwardKernel = (theta, points, out) => {
    const layout = prepareGeneral(OP.generalForward, theta, points);
    pool.run(n * points.count);
    readLogisticGeneralForward(pool.data, layout, n, points.count, out);
  };
  const generalDrift: CpuDriftKernel = (theta, points, weights, out) => {
    const layout = prepareGeneral(OP.generalDrift, theta, points);
    writeLogisticGeneralWeights(pool.data, layout, weights, points.count);
    pool.run(n * points.count);
    readLogisticGeneralDrift(pool.data, layout, outputBound, n, d, theta, out);
  };
  if (!sharedGrid) return { forward: generalForward, drift: generalDrift, gridForward, gridDrift };
  return {
    forward: generalForward,
    drift: generalDrift,
    gridForward(theta, points, out) {
      const grid = requireProductGrid(points, 'threaded grid forward');
      const data = prepare(OP.gridForward, theta, grid, points.count);
      const pairs = n * points.count;
      splitGrid(theta, grid, pairs);
      pool.run(pairs);
      const at = dataLayout(control).out;
      out.set(data.subarray(at, at + points.count));
    },
    gridDrift(theta, points, weights, out) {
      const grid = requireProductGrid(points, 'threaded grid drift');
      const kept = keptFor(theta, grid);
      const data = prepare(OP.gridDrift, theta, grid, points.count, weights);
      const pairs = n * points.count;
      if (!kept) splitGrid(theta, grid, pairs);
      pool.run(pairs);
      const at = dataLayout(control).out;
      out.set(data.subarray(at, at + particleCount * parameterDim));
    },
  };
}
