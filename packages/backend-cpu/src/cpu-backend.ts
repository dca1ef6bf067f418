import type { ParticleBackend, ParticleKernels, PointSet, Unit } from '@mfpg/core';
import {
  CpuKernelRegistry,
  type CpuKernelSetup,
  type CpuPointLayout,
  type CpuPrecision,
  type CpuPrepare,
  type CpuPreparedKernels,
} from './kernel-registry';
import { registerAllKernels } from './register-all-kernels';
import { bindKernels } from './kernels/bound-kernels';
import { LocalShareRunner, type ShareRunner } from './threads/share-runner';
import { WorkerPool } from './threads/worker-pool';

export type { CpuPrecision } from './kernel-registry';

/** Options of the CPU backend (`backend.params` of `cpu`). */
export interface CpuBackendOptions {
  /** Threads sharing each kernel call (worker_threads over SharedArrayBuffer); 1: no workers. */
  readonly threads: number;
  /** `float32`: float32 WebAssembly SIMD for neurons with tanh's logistic form on general points and with any logistic form on product grids. */
  readonly precision: CpuPrecision;
  /** Smallest N·M a call shares among the threads (default threads/worker-pool.ts PARALLEL_PAIRS; smaller calls run on the main thread). */
  readonly minParallelPairs?: number;
}

/**
 * The float64 CPU backend, the project's reference path (docs/architecture.md, "One step of the flow").
 *
 * `compile` resolves kernels from the registry once per run, for general points and for product
 * grids: the unit kind's forward and drift if registered (else the generic ones through
 * Unit.value/addGradient), of the options' precision when registered for it. Kernels of one family
 * (kernel-registry.ts) are prepared together, so a forward and a drift at the same θ share their
 * work; their share kernels run on this backend's share runner — a WorkerPool with threads > 1,
 * else in-process — the same functions either way, so the thread count changes no bit. Each call
 * checks shapes (O(1)) and runs the product-grid kernels for point sets with a `product`
 * structure, the general ones otherwise.
 */
export class CpuBackend implements ParticleBackend {
  readonly name = 'cpu';

  private shareRunner: ShareRunner | undefined;

  /**
   * @param kernels the kernel registry; default: every built-in kernel (register-all-kernels.ts).
   * @param options threads and precision (CpuPrecision).
   */
  constructor(
    readonly kernels: CpuKernelRegistry = registerAllKernels(new CpuKernelRegistry()),
    readonly options: CpuBackendOptions = { threads: 1, precision: 'float64' },
  ) {}

  /** What runs, for logs and summary.json. */
  describe(): string {
    return `cpu (${this.options.precision}, ${this.options.threads} thread${this.options.threads === 1 ? '' : 's'})`;
  }

  /** Stops the worker threads (idle workers never keep the process alive, so this is optional). */
  async dispose(): Promise<void> {
    if (this.shareRunner instanceof WorkerPool) await this.shareRunner.dispose();
    this.shareRunner = undefined;
  }

  compile(unit: Unit, particleCount: number, parameterDim: number): ParticleKernels {
    if (!Number.isInteger(particleCount) || particleCount < 1) {
      throw new RangeError(`CpuBackend: particleCount must be a positive integer, got ${particleCount}`);
    }
    if (!Number.isInteger(parameterDim) || parameterDim < 1) {
      throw new RangeError(`CpuBackend: parameterDim must be a positive integer, got ${parameterDim}`);
    }
    const { threads, minParallelPairs } = this.options;
    this.shareRunner ??= threads > 1 ? new WorkerPool(threads, minParallelPairs) : new LocalShareRunner();
    const setup: CpuKernelSetup = { unit, particleCount, parameterDim, runner: this.shareRunner };
    const general = this.prepareFor('general', setup);
    if (general === undefined) throw new Error(`CpuBackend: no forward and drift kernels registered for unit kind '${unit.kind}'`);
    const grid = this.prepareFor('product-grid', setup);
    const thetaLength = particleCount * parameterDim;
    // One checking handle, re-aimed at each preparation: preparing allocates nothing.
    const checked = new (class implements CpuPreparedKernels {
      inner: CpuPreparedKernels | undefined;
      pointCount = 0;
      forward(out: Float64Array): void {
        checkLength('out', out, this.pointCount);
        this.inner!.forward(out);
      }
      drift(weights: Float64Array, out: Float64Array): void {
        checkLength('weights', weights, this.pointCount);
        checkLength('out', out, thetaLength);
        this.inner!.drift(weights, out);
      }
    })();
    const prepare = (theta: Float64Array, points: PointSet): CpuPreparedKernels => {
      const onGrid = points.product !== undefined && grid !== undefined;
      checkArguments(unit, thetaLength, parameterDim, theta, points, onGrid);
      checked.inner = (onGrid ? grid : general)(theta, points);
      checked.pointCount = points.count;
      return checked;
    };
    return {
      prepare,
      forward: (theta, points, out) => prepare(theta, points).forward(out),
      drift: (theta, points, weights, out) => prepare(theta, points).drift(weights, out),
    };
  }

  /**
   * The preparation of the forward and drift resolved for `layout`: their family's when both belong
   * to the same one, else the two bound as they are; undefined when either is missing.
   */
  private prepareFor(layout: CpuPointLayout, setup: CpuKernelSetup): CpuPrepare | undefined {
    const { precision } = this.options;
    const forward = this.kernels.resolve('forward', layout, setup.unit, precision);
    const drift = this.kernels.resolve('drift', layout, setup.unit, precision);
    if (forward === undefined || drift === undefined) return undefined;
    if (forward.family !== undefined && forward.family === drift.family) return forward.family.compile(setup);
    return bindKernels(forward.compile(setup), drift.compile(setup));
  }
}

/** Shapes shared by forward and drift; a mismatch would otherwise read out of bounds as NaN/undefined. */
function checkArguments(
  unit: Unit,
  thetaLength: number,
  parameterDim: number,
  theta: Float64Array,
  points: PointSet,
  onGrid: boolean,
): void {
  if (theta.length !== thetaLength) {
    throw new RangeError(`CpuBackend: theta has length ${theta.length}, expected N·d = ${thetaLength}`);
  }
  if (unit.parameterDim(points.dim) !== parameterDim) {
    const needed = unit.parameterDim(points.dim);
    throw new RangeError(
      `CpuBackend: points of dimension ${points.dim} need d = ${needed}, compiled for d = ${parameterDim}`,
    );
  }
  const grid = points.product;
  if (onGrid && grid !== undefined) {
    if (grid.outerCount * grid.innerCount !== points.count || grid.outerDim + grid.innerDim !== points.dim) {
      throw new RangeError(
        `CpuBackend: product structure ${grid.outerCount}×${grid.innerCount} of dimension ` +
          `${grid.outerDim}+${grid.innerDim} does not match ${points.count} points of dimension ${points.dim}`,
      );
    }
    checkLength('points.product.outer', grid.outer, grid.outerCount * grid.outerDim);
    checkLength('points.product.inner', grid.inner, grid.innerCount * grid.innerDim);
  } else {
    checkLength('points.data', points.data, points.count * points.dim);
  }
}

function checkLength(what: string, array: Float64Array, required: number): void {
  if (array.length < required) {
    throw new RangeError(`CpuBackend: ${what} has length ${array.length}, needs ${required}`);
  }
}
