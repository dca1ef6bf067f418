import type { QuadratureRule } from './quadrature-rule';
import type { Random } from './random';

/**
 * The reference measure μ on actions (docs/math.md §1): policies are densities with respect to it.
 * Always a probability measure. Not a plugin point of its own: each environment carries its
 * action measure (`Environment.actionMeasure`), so a new μ comes with the environment that uses it.
 */
export interface ReferenceMeasure {
  readonly name: string;
  /** Dimension of the actions it lives on. */
  readonly dim: number;
  /** Draws a ~ μ into out[offset … offset+dim). */
  sample(rng: Random, out: Float64Array, offset?: number): void;
  /** log dμ/dLeb (a) on its support (log of the counting weight for discrete μ); −∞ off it. */
  logDensity(a: ArrayLike<number>): number;
  /**
   * A quadrature rule for μ with `nodesPerDim` nodes per dimension; weights sum to 1.
   * Periodic trapezoid on tori, Gauss–Legendre on boxes, Gauss–Hermite for Gaussians.
   */
  quadrature(nodesPerDim: number): QuadratureRule;
}
