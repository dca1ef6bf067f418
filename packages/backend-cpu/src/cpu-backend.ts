import { isNeuronUnit, type LogisticForm, type ParticleBackend, type ParticleKernels, type PointSet, type Unit } from '@mfpg/core';
import { CpuKernelRegistry, type CpuKernelOp, type CpuKernelSetup } from './kernel-registry';
import { registerAllKernels } from './register-all-kernels';
import { logisticFormOf } from './kernels/logistic-form';
import { compileFloat32Kernels } from './threads/float32-kernels';
import { compileThreadedKernels } from './threads/threaded-kernels';
import { WorkerPool } from './threads/worker-pool';

/**
 * `float64`: the reference arithmetic. `float32`: neurons with tanh on general points run the
 * float32 WebAssembly SIMD kernels (assembly/neuron-float32.ts); everything else stays float64.
 * "tanh" is a capability, not a name: an activation that declares tanh's logistic form
 * (α, β, γ, κ) = (1, −2, 4, 2), checked against its value and derivative, is tanh.
 */
export type CpuPrecision = 'float64' | 'float32';

/** Options of the CPU backend (`backend.params` of `cpu`). */
export interface CpuBackendOptions {
  /** Threads sharing each kernel call (worker_threads over SharedArrayBuffer); 1: no workers. */
  readonly threads: number;
  /** `float32`: neurons with tanh on general points in float32 WebAssembly SIMD. */
  readonly precision: CpuPrecision;
  /** Smallest N·M a call shares among the threads (default threads/worker-pool.ts PARALLEL_PAIRS; smaller calls run on the main thread). */
  readonly minParallelPairs?: number;
}

/**
 * The float64 CPU backend, the project's reference path (docs/architecture.md, "One step of the flow").
 *
 * `compile` resolves kernels from the registry once per run: for each op the unit kind's fused
 * kernel if registered (else the generic one through Unit.value/addGradient), plus a product-grid
 * kernel when one serves the unit. Each call checks shapes (O(1)) and runs the product-grid kernel
 * for point sets with a `product` structure, the general kernel otherwise.
 */
export class CpuBackend implements ParticleBackend {
  readonly name = 'cpu';

  private pool: WorkerPool | undefined;

  /**
   * @param kernels the kernel registry; default: every built-in kernel (register-all-kernels.ts).
   * @param options threads and precision; with threads > 1, neurons whose activation declares a
   *   logistic form run threads/threaded-kernels.ts (bit-identical to the registry kernels for every
   *   thread count), other units the registry kernels on one thread; float32: see CpuPrecision.
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
    await this.pool?.dispose();
    this.pool = undefined;
  }

  compile(unit: Unit, particleCount: number, parameterDim: number): ParticleKernels {
    if (!Number.isInteger(particleCount) || particleCount < 1) {
      throw new RangeError(`CpuBackend: particleCount must be a positive integer, got ${particleCount}`);
    }
    if (!Number.isInteger(parameterDim) || parameterDim < 1) {
      throw new RangeError(`CpuBackend: parameterDim must be a positive integer, got ${parameterDim}`);
    }
    const setup: CpuKernelSetup = { unit, particleCount, parameterDim };
    const { threads, precision } = this.options;
    const float32 =
      precision === 'float32' && isNeuronUnit(unit) && isTanhForm(logisticFormOf(unit.activation))
        ? compileFloat32Kernels((this.pool ??= new WorkerPool(threads, this.options.minParallelPairs)), unit, particleCount, parameterDim)
        : undefined;
    const registryGridForward = this.kernels.resolve('forward', 'product-grid', unit)?.compile(setup);
    const registryGridDrift = this.kernels.resolve('drift', 'product-grid', unit)?.compile(setup);
    const threaded =
      threads > 1
        ? compileThreadedKernels((this.pool ??= new WorkerPool(threads, this.options.minParallelPairs)), unit, particleCount, parameterDim, registryGridForward, registryGridDrift)
        : undefined;
    const forward = float32?.forward ?? threaded?.forward ?? this.requireGeneral('forward', unit).compile(setup);
    const drift = float32?.drift ?? threaded?.drift ?? this.requireGeneral('drift', unit).compile(setup);
    const gridForward = threaded?.gridForward ?? registryGridForward;
    const gridDrift = threaded?.gridDrift ?? registryGridDrift;
    const thetaLength = particleCount * parameterDim;
    return {
      forward(theta, points, out) {
        const onGrid = points.product !== undefined && gridForward !== undefined;
        checkArguments(unit, thetaLength, parameterDim, theta, points, onGrid);
        checkLength('out', out, points.count);
        (onGrid ? gridForward : forward)(theta, points, out);
      },
      drift(theta, points, weights, out) {
        const onGrid = points.product !== undefined && gridDrift !== undefined;
        checkArguments(unit, thetaLength, parameterDim, theta, points, onGrid);
        checkLength('weights', weights, points.count);
        checkLength('out', out, thetaLength);
        (onGrid ? gridDrift : drift)(theta, points, weights, out);
      },
    };
  }

  private requireGeneral<Op extends CpuKernelOp>(op: Op, unit: Unit) {
    const config = this.kernels.resolve(op, 'general', unit);
    if (config === undefined) throw new Error(`CpuBackend: no ${op} kernel registered for unit kind '${unit.kind}'`);
    return config;
  }
}

/** Whether a declared logistic form is tanh z = 1 − 2/(1 + e^{2z}). */
function isTanhForm(form: LogisticForm | undefined): boolean {
  return form !== undefined && form.alpha === 1 && form.beta === -2 && form.gamma === 4 && form.kappa === 2;
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
