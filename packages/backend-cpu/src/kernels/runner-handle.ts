import type { PointSet } from '@mfpg/core';
import type { CpuPreparedKernels } from '../kernel-registry';
import type { ShareRunner } from '../threads/share-runner';

const noPoints: PointSet = { count: 0, dim: 0, data: new Float64Array(0) };

/**
 * The prepared kernels of a family whose inputs live in a share runner's memory. One handle per
 * compiled family, re-aimed by each preparation (no allocation); it writes its inputs when the
 * memory does not hold them — first use, or another kernel set used the runner since (the runner's
 * `owner`, an identity check) — so what forward and drift share is explicit, never guessed by
 * comparing θ.
 */
export abstract class RunnerHandle implements CpuPreparedKernels {
  theta: Float64Array = new Float64Array(0);
  points: PointSet = noPoints;

  constructor(protected readonly runner: ShareRunner) {}

  /** Prepares at θ and `points`: what the memory holds is no longer this preparation's. */
  aim(theta: Float64Array, points: PointSet): this {
    this.theta = theta;
    this.points = points;
    this.aimed();
    if (this.runner.owner === this) this.runner.owner = undefined;
    return this;
  }

  /** Whether the runner's memory still holds this preparation's inputs. */
  protected get loaded(): boolean {
    return this.runner.owner === this;
  }

  /** Records that the memory now holds this preparation's inputs. */
  protected markLoaded(): void {
    this.runner.owner = this;
  }

  /** Drops what a family keeps for the previous θ and points (layouts, cache flags). */
  protected abstract aimed(): void;
  abstract forward(out: Float64Array): void;
  abstract drift(weights: Float64Array, out: Float64Array): void;
}
