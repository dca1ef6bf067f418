import { TanhActivation } from '../activations/tanh-activation';
import type { Unit } from '../plugin-points/unit';

const tanh = new TanhActivation();

/**
 * The separable unit φ(θ, x) = Σ_k tanh(θ_k)·x_k of docs/math.md §7 (B5 pitchfork), d = p: each
 * parameter coordinate weights one feature through a bounded tanh, so |φ| ≤ Σ_k |x_k|.
 *
 * Backends recognise `kind: 'separable'`: f_ν(x) = (mean_i tanh θ_i)·x, so the forward pass is one
 * N×d reduction plus an M×p product instead of an N×M double loop.
 */
export class SeparableUnit implements Unit {
  readonly kind = 'separable';

  parameterDim(featureDim: number): number {
    return featureDim;
  }

  /** θ and x: length p; φ = Σ_k tanh(θ_k) x_k summed in feature order. */
  value(theta: ArrayLike<number>, x: ArrayLike<number>): number {
    let sum = 0;
    for (let k = 0; k < x.length; k++) sum += tanh.value(theta[k]) * x[k];
    return sum;
  }

  /** out[offset + k] += weight · sech²(θ_k) · x_k (∂φ/∂θ_k = tanh'(θ_k) x_k). */
  addGradient(theta: ArrayLike<number>, x: ArrayLike<number>, weight: number, out: Float64Array, offset: number): void {
    for (let k = 0; k < x.length; k++) out[offset + k] += weight * tanh.derivative(theta[k]) * x[k];
  }
}
