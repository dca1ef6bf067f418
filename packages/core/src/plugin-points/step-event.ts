import type { PolicyEvaluation } from './evaluator';

/**
 * The state of the flow at time t = step·dt, emitted on the engine's step stream before the
 * particles move on to t + dt (and once more, with `final` set, at the horizon). Everything refers
 * to the same ν_t. Buffers are live views owned by the engine, valid only during the synchronous
 * notification: copy what you keep.
 */
export interface StepEvent {
  /** Step index n, from 0; equals the total step count on the final event. */
  readonly step: number;
  /** t_n = n·dt (with a dt schedule: t_{n+1} = t_n + dt(t_n)). */
  readonly t: number;
  /** True on the last event of a run (t = horizon): no step follows it. */
  readonly final: boolean;
  /** The step dt(t_n) taken from this state. */
  readonly dt: number;
  /** σ(t_n), the noise of this step (constant unless `schedules.sigma`); set by the engine. */
  readonly sigma?: number;
  /** τ(t_n), the entropy strength of this evaluation (constant unless `schedules.tau`); set by the engine. */
  readonly tau?: number;
  /** F(ν_t) = ∫ V^{π_ν} dρ. */
  readonly value: number;
  /** ‖D F(ν_t, ·)‖_{L²(ν_t)} = sqrt((1/N) Σ_i |D F(ν_t, θ_i)|²). */
  readonly gradNorm: number;
  readonly evaluation: PolicyEvaluation;
  /** D F(ν_t, θ_i), N×d. */
  readonly drift: Float64Array;
  /** Particles θ_i at time t, N×d. */
  readonly theta: Float64Array;
  readonly particleCount: number;
  readonly dim: number;
}
