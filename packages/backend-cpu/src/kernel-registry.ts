import type { PointSet, Unit } from '@mfpg/core';

/** `out[j] = f_ν(x_j)` for j < points.count (ParticleKernels.forward); theta is N×d row-major. */
export type CpuForwardKernel = (theta: Float64Array, points: PointSet, out: Float64Array) => void;

/** `out[i·d + k] = Σ_j weights[j] ∂φ/∂θ_k(θ_i, x_j)` (ParticleKernels.drift); out is N×d row-major. */
export type CpuDriftKernel = (theta: Float64Array, points: PointSet, weights: Float64Array, out: Float64Array) => void;

export type CpuKernelOp = 'forward' | 'drift';

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
}

interface CpuKernelConfigBase {
  /** Unique within a registry, e.g. `NeuronForward`. */
  readonly name: string;
  /** The `Unit.kind` served, or ANY_UNIT_KIND. */
  readonly unitKind: string;
  readonly layout: CpuPointLayout;
  /** Narrows the units of `unitKind` this kernel serves (e.g. only some activations); absent: all. */
  supports?(unit: Unit): boolean;
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
   * `supports` accepts the unit) before a generic one; the latest registration first.
   */
  resolve<Op extends CpuKernelOp>(op: Op, layout: CpuPointLayout, unit: Unit): CpuKernelConfigFor<Op> | undefined {
    const candidates = this.configs.filter(
      (config): config is CpuKernelConfigFor<Op> =>
        config.op === op && config.layout === layout && (config.supports?.(unit) ?? true),
    );
    const latest = (kind: string) => candidates.filter((config) => config.unitKind === kind).at(-1);
    return latest(unit.kind) ?? latest(ANY_UNIT_KIND);
  }
}
