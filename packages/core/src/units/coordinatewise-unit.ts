import type { Unit } from '../plugin-points/unit';

/**
 * A unit φ(θ, x) = Σ_k ψ(θ_k)·x_k, d = p: each parameter coordinate weights one feature through the
 * same scalar map ψ, so ∂φ/∂θ_k = ψ'(θ_k)·x_k. The linear unit (ψ = id) and the separable unit
 * (ψ = tanh) of docs/math.md §7 are the two; backends recognise each by its `kind`.
 */
export abstract class CoordinatewiseUnit implements Unit {
  abstract readonly kind: string;

  /** ψ(θ_k), the weight of feature k. */
  protected abstract featureWeight(thetaK: number): number;

  /** ψ'(θ_k). */
  protected abstract featureWeightSlope(thetaK: number): number;

  parameterDim(featureDim: number): number {
    return featureDim;
  }

  /** θ and x: length p; φ = Σ_k ψ(θ_k) x_k summed in feature order. */
  value(theta: ArrayLike<number>, x: ArrayLike<number>): number {
    let sum = 0;
    for (let k = 0; k < x.length; k++) sum += this.featureWeight(theta[k]) * x[k];
    return sum;
  }

  /** out[offset + k] += weight · ψ'(θ_k) · x_k. */
  addGradient(theta: ArrayLike<number>, x: ArrayLike<number>, weight: number, out: Float64Array, offset: number): void {
    for (let k = 0; k < x.length; k++) out[offset + k] += weight * this.featureWeightSlope(theta[k]) * x[k];
  }
}
