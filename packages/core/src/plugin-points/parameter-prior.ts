import type { Random } from './random';

export const ParameterPrior = Symbol.for('mfpg.ParameterPrior');

/** The Gibbs reference g(dθ) = e^{−U(θ)} dθ / Z_U on parameters (docs/math.md §3). */
export interface ParameterPrior {
  readonly name: string;
  /**
   * Present only when U(θ) = |θ|²/(2 s0²) exactly (g = N(0, s0² I)): the scale s0. Integrators
   * with an exact Ornstein–Uhlenbeck step (docs/math.md §6, OU splitting) require it.
   */
  readonly s0?: number;
  /** U(θ) for one parameter vector. */
  potential(theta: ArrayLike<number>): number;
  /** out[k] += scale · ∇U(theta)[k] for every entry of a whole N×d particle buffer. */
  addGradient(theta: Float64Array, scale: number, out: Float64Array): void;
  /** log Z_U = log ∫ e^{−U} dθ over R^dim. */
  logNormalizer(dim: number): number;
  /** Draws θ ~ g into out[offset … offset+dim). */
  sample(rng: Random, out: Float64Array, offset: number, dim: number): void;
}
