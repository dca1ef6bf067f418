import type { Activation } from '../plugin-points/activation';
import { SigmoidActivation } from './sigmoid-activation';

/**
 * ϱ(z) = log(1 + e^{z}), the softplus.
 *
 * Evaluated as max(z, 0) + log1p(e^{−|z|}): e^{z} itself would overflow for z > 709, and
 * log(1 + e^{z}) loses all relative accuracy for z → −∞, where softplus(z) ≈ e^{z}.
 * Its derivatives are the sigmoid's: ϱ' = σ, ϱ'' = σ'.
 */
export class SoftplusActivation implements Activation {
  readonly name = 'softplus';

  private readonly sigmoid = new SigmoidActivation();

  value(z: number): number {
    return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
  }

  derivative(z: number): number {
    return this.sigmoid.value(z);
  }

  secondDerivative(z: number): number {
    return this.sigmoid.derivative(z);
  }
}
