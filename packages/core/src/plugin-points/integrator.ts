import type { PolicyEvaluation } from './evaluator';
import type { ParameterPrior } from './parameter-prior';
import type { Random } from './random';

export const Integrator = Symbol.for('mfpg.Integrator');

/**
 * Computes the intrinsic derivative D F(ν_θ, θ_i) of the particle cloud θ into out (N×d) and
 * returns the evaluation it came from. Integrators with predictor stages call it again.
 */
export type DriftField = (theta: Float64Array, out: Float64Array) => Promise<PolicyEvaluation>;

/** Everything one step of the particle SDE needs (docs/math.md §3, §6). */
export interface IntegratorStep {
  /** N×d particles at time t; updated in place to time t + dt. */
  readonly theta: Float64Array;
  /** D F(ν_t, θ_i) at the incoming particles, already computed. */
  readonly drift: Float64Array;
  readonly particleCount: number;
  readonly dim: number;
  readonly dt: number;
  /** Noise σ ≥ 0 (σ = 0: deterministic mean-field ascent). */
  readonly sigma: number;
  readonly prior: ParameterPrior;
  readonly rng: Random;
  readonly field: DriftField;
}

/** One time step of dθ = [D F(ν,θ) − (σ²/2)∇U(θ)] dt + σ dW for all N particles. */
export interface Integrator {
  readonly name: string;
  step(step: IntegratorStep): void | Promise<void>;
  /** Integrators that carry state between steps return it (JSON-serialisable) for checkpoints. */
  saveState?(): unknown;
  /** Restores what {@link Integrator.saveState} returned, so a resumed run continues exactly. */
  restoreState?(state: unknown): void;
}
