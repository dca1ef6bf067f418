import type { Activation, ActivationGpuSource } from '../plugin-points/activation';
import { RATIONAL_TANH_SOURCE } from '../math/rational-tanh';
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

  /** float32 kernels: max(z, 0) + log(1 + e^{−|z|}) (never overflows); σ through the rational tanh. */
  readonly gpuSource: ActivationGpuSource = {
    value: 'function activationValue(z) { return Math.max(z, 0.0) + Math.log(1.0 + Math.exp(-Math.abs(z))); }',
    derivative: 'function activationDerivative(z) { return 0.5 + 0.5 * rationalTanh(0.5 * z); }',
    helpers: [RATIONAL_TANH_SOURCE],
  };

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
