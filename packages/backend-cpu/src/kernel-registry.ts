import type { PointSet, Unit } from '@mfpg/core';
import type { ShareRunner } from './threads/share-runner';

/** `out[j] = f_ν(x_j)` for j < points.count (ParticleKernels.forward); theta is N×d row-major. */
export type CpuForwardKernel = (theta: Float64Array, points: PointSet, out: Float64Array) => void;

/** `out[i·d + k] = Σ_j weights[j] ∂φ/∂θ_k(θ_i, x_j)` (ParticleKernels.drift); out is N×d row-major. */
export type CpuDriftKernel = (theta: Float64Array, points: PointSet, weights: Float64Array, out: Float64Array) => void;

export type CpuKernelOp = 'forward' | 'drift';

/**
 * `float64`: the reference arithmetic. `float32`: kernels registered for float32 serve the units
 * they support (neurons with tanh's logistic form on general points, neurons with any logistic form
 * on product grids); every other unit and layout keeps its float64 kernels.
 */
export type CpuPrecision = 'float64' | 'float32';

/** Forward and drift at one θ and point set (ParticleKernels.prepare), synchronous. */
export interface CpuPreparedKernels {
  forward(out: Float64Array): void;
  drift(weights: Float64Array, out: Float64Array): void;
}

/**
 * Prepares a family's kernels at (θ, points). A family may return the same handle object every
 * time (re-aimed), so a handle is valid until the next call.
 */
export type CpuPrepare = (theta: Float64Array, points: PointSet) => CpuPreparedKernels;

/**
 * A forward and a drift that share work at one θ (e.g. inputs written to shared memory, per-particle
 * exponentials): their registered configs name the family, and when the resolved forward and drift
 * name the same one the backend prepares through it (cpu-backend.ts).
 */
export interface CpuKernelFamily {
  readonly name: string;
  compile(setup: CpuKernelSetup): CpuPrepare;
}

/**
 * Which point sets a kernel accepts: `general` reads `points.data` and accepts any; `product-grid`
 * reads only `points.product` and is chosen, when registered, for point sets that have one.
 */
export type CpuPointLayout = 'general' | 'product-grid';

/** `unitKind` of a kernel that works for every Unit through `value`/`addGradient`. */
export const ANY_UNIT_KIND = '*';

/** What a kernel is compiled for. Kernels may allocate here, never per call (except to grow). */
export interface CpuKernelSetup {
  readonly unit: Unit;
  /** N. */
  readonly particleCount: number;
  /** d = unit.parameterDim(p). */
  readonly parameterDim: number;
  /** Where share kernels run (threads/share-runner.ts); default: in-process, one share. */
  readonly runner?: ShareRunner;
}

interface CpuKernelConfigBase {
  /** Unique within a registry, e.g. `NeuronForward`. */
  readonly name: string;
  /** The `Unit.kind` served, or ANY_UNIT_KIND. */
  readonly unitKind: string;
  readonly layout: CpuPointLayout;
  /** Narrows the units of `unitKind` this kernel serves (e.g. only some activations); absent: all. */
  supports?(unit: Unit): boolean;
  /** The precision it computes in; absent: float64. */
  readonly precision?: CpuPrecision;
  /** The family whose preparation it shares with its drift or forward; absent: none. */
  readonly family?: CpuKernelFamily;
}

export interface CpuForwardKernelConfig extends CpuKernelConfigBase {
  readonly op: 'forward';
  compile(setup: CpuKernelSetup): CpuForwardKernel;
}

export interface CpuDriftKernelConfig extends CpuKernelConfigBase {
  readonly op: 'drift';
  compile(setup: CpuKernelSetup): CpuDriftKernel;
}

/** A kernel registered by unit kind, op and point layout (tfjs's KernelConfig, one per file). */
export type CpuKernelConfig = CpuForwardKernelConfig | CpuDriftKernelConfig;

export type CpuKernelConfigFor<Op extends CpuKernelOp> = Extract<CpuKernelConfig, { op: Op }>;

/** The CPU backend's kernels, looked up once per `compile`, never in the hot loop. */
export class CpuKernelRegistry {
  private readonly configs: CpuKernelConfig[] = [];

  /** Adds a kernel; a later registration for the same unit kind, op and layout takes precedence. */
  register(config: CpuKernelConfig): this {
    if (this.configs.some((existing) => existing.name === config.name)) {
      throw new Error(`CpuKernelRegistry: a kernel named '${config.name}' is already registered`);
    }
    this.configs.push(config);
    return this;
  }

  /**
   * The kernel for `op` on `layout` serving `unit`: one registered for `unit.kind` (whose
   * `supports` accepts the unit) before a generic one; the latest registration first. With
   * `precision` float32, a float32 kernel before the float64 ones.
   */
  resolve<Op extends CpuKernelOp>(
    op: Op,
    layout: CpuPointLayout,
    unit: Unit,
    precision: CpuPrecision = 'float64',
  ): CpuKernelConfigFor<Op> | undefined {
    const candidates = (wanted: CpuPrecision) =>
      this.configs.filter(
        (config): config is CpuKernelConfigFor<Op> =>
          config.op === op && config.layout === layout && (config.precision ?? 'float64') === wanted && (config.supports?.(unit) ?? true),
      );
    const latest = (configs: CpuKernelConfigFor<Op>[]) =>
      configs.filter((config) => config.unitKind === unit.kind).at(-1) ?? configs.filter((config) => config.unitKind === ANY_UNIT_KIND).at(-1);
    return (precision === 'float64' ? undefined : latest(candidates(precision))) ?? latest(candidates('float64'));
  }
}
