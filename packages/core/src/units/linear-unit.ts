import type { Unit } from '../plugin-points/unit';

/**
 * The linear unit φ(θ, x) = θ·x, d = p (docs/math.md §7, "Linear unit, exact Gaussian reduction"):
 * f_ν = m·x with m = ∫ θ dν, and the drift ∇_θφ = x does not depend on θ, so every particle moves
 * with the same D F(ν, θ) = ∇G(m). With bounded features and a Gaussian ν_0 the flow stays Gaussian
 * with closed-form covariance, the reference against which integrator orders are measured.
 *
 * Backends recognise `kind: 'linear'`: the forward pass needs only the particle mean.
 */
export class LinearUnit implements Unit {
  readonly kind = 'linear';

  parameterDim(featureDim: number): number {
    return featureDim;
  }

  /** θ and x: length p; θ·x summed in feature order. */
  value(theta: ArrayLike<number>, x: ArrayLike<number>): number {
    let sum = 0;
    for (let k = 0; k < x.length; k++) sum += theta[k] * x[k];
    return sum;
  }

  /** out[offset + k] += weight · x_k (∇_θ(θ·x) = x). */
  addGradient(_theta: ArrayLike<number>, x: ArrayLike<number>, weight: number, out: Float64Array, offset: number): void {
    for (let k = 0; k < x.length; k++) out[offset + k] += weight * x[k];
  }
}
