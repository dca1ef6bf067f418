import { TanhActivation } from '../activations/tanh-activation';
import { CoordinatewiseUnit } from './coordinatewise-unit';

const tanh = new TanhActivation();

/**
 * The separable unit φ(θ, x) = Σ_k tanh(θ_k)·x_k of docs/math.md §7 (B5 pitchfork), d = p: each
 * parameter coordinate weights one feature through a bounded tanh, so |φ| ≤ Σ_k |x_k|.
 *
 * Backends recognise `kind: 'separable'`: f_ν(x) = (mean_i tanh θ_i)·x, so the forward pass is one
 * N×d reduction plus an M×p product instead of an N×M double loop.
 */
export class SeparableUnit extends CoordinatewiseUnit {
  readonly kind = 'separable';

  protected featureWeight(thetaK: number): number {
    return tanh.value(thetaK);
  }

  /** ∂φ/∂θ_k = tanh'(θ_k) x_k = sech²(θ_k) x_k. */
  protected featureWeightSlope(thetaK: number): number {
    return tanh.derivative(thetaK);
  }
}
