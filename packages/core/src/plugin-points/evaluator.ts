import type { PointSet } from './point-set';
import type { Random } from './random';

export const Evaluator = Symbol.for('mfpg.Evaluator');

/** The network f_ν of the current particles, evaluated where an evaluator needs it. */
export interface PolicyNetwork {
  /**
   * out[j] = f_ν(x_j) for the points of `points`. The flow's drift reuses the work of the last
   * forward when the evaluation returns that same PointSet object (ParticleKernels.prepare): do not
   * change its coordinates after that forward.
   */
  forward(points: PointSet, out: Float64Array): void | Promise<void>;
  /** The particles θ (N×d) behind f_ν, for evaluators that need a bound M ≥ sup f (Monte Carlo). */
  readonly theta?: Float64Array;
}

/**
 * What every evaluator produces (docs/architecture.md): the value F(ν) = ∫ V^{π_ν} dρ and a weighted
 * point set such that D F(ν, θ) = Σ_j weights[j] ∇_θ φ(θ, x_j) (docs/math.md §3).
 */
export interface PolicyEvaluation {
  readonly value: number;
  readonly points: PointSet;
  readonly weights: Float64Array;
}

/** Policy evaluation: exact on quadrature grids, or Monte Carlo. */
export interface Evaluator {
  readonly name: string;
  evaluate(policy: PolicyNetwork, rng: Random): Promise<PolicyEvaluation>;
  /**
   * Sets the entropy strength τ > 0 of the evaluations that follow (a τ schedule, `schedules.tau`);
   * evaluators without it support only a constant τ.
   */
  setEntropyStrength?(tau: number): void;
}
