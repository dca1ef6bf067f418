import { CoordinatewiseUnit } from './coordinatewise-unit';

/**
 * The linear unit φ(θ, x) = θ·x, d = p (docs/math.md §7, "Linear unit, exact Gaussian reduction"):
 * f_ν = m·x with m = ∫ θ dν, and the drift ∇_θφ = x does not depend on θ, so every particle moves
 * with the same D F(ν, θ) = ∇G(m). With bounded features and a Gaussian ν_0 the flow stays Gaussian
 * with closed-form covariance, the reference against which integrator orders are measured.
 *
 * Backends recognise `kind: 'linear'`: the forward pass needs only the particle mean.
 */
export class LinearUnit extends CoordinatewiseUnit {
  readonly kind = 'linear';

  /** ψ = id: θ_k·x_k (ψ(θ_k)·x_k is that product to the bit). */
  protected featureWeight(thetaK: number): number {
    return thetaK;
  }

  /** ψ' = 1: ∇_θ(θ·x) = x (weight · 1 · x_k is weight · x_k to the bit). */
  protected featureWeightSlope(): number {
    return 1;
  }
}
