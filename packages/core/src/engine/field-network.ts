import type { PolicyNetwork } from '../plugin-points/evaluator';
import type { ParticleKernels, PreparedKernels } from '../plugin-points/particle-backend';
import type { PointSet } from '../plugin-points/point-set';
import { prepareKernels } from './prepare-kernels';

/**
 * The network an evaluator sees during one drift evaluation (the engine's `field`): its forward
 * prepares the kernels at (θ, points) and keeps the handle, so the drift at the points the
 * evaluation returns reuses what the forward prepared when they are the same PointSet
 * (ParticleKernels.prepare). One object per engine, re-aimed at each θ: the loop allocates nothing.
 */
export class FieldNetwork implements PolicyNetwork {
  private current: Float64Array;
  private prepared: PreparedKernels | undefined;
  private preparedPoints: PointSet | undefined;

  constructor(private readonly kernels: ParticleKernels, theta: Float64Array) {
    this.current = theta;
  }

  /** The particles the network evaluates (read by the Monte Carlo evaluator's bound). */
  get theta(): Float64Array {
    return this.current;
  }

  /** Aims the network at `theta`; what was prepared for other particles is dropped. */
  aim(theta: Float64Array): void {
    this.current = theta;
    this.prepared = undefined;
    this.preparedPoints = undefined;
  }

  forward(points: PointSet, out: Float64Array): void | Promise<void> {
    this.prepared = prepareKernels(this.kernels, this.current, points);
    this.preparedPoints = points;
    return this.prepared.forward(out);
  }

  /** The kernels prepared at the current θ and `points`: the last forward's if it ran at them. */
  preparedAt(points: PointSet): PreparedKernels {
    if (this.prepared !== undefined && this.preparedPoints === points) return this.prepared;
    this.prepared = prepareKernels(this.kernels, this.current, points);
    this.preparedPoints = points;
    return this.prepared;
  }
}
