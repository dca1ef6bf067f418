import type { Activation, ActivationGpuSource } from '../plugin-points/activation';
import type { LogisticForm } from './logistic-form';
import { RATIONAL_TANH_SOURCE } from '../math/rational-tanh';

/**
 * ϱ(z) = σ(z) = 1/(1 + e^{−z}), the logistic sigmoid.
 *
 * Every formula goes through e = e^{−|z|} ∈ (0, 1], which never overflows, and keeps relative
 * accuracy in both tails (σ(z) ≈ e^{z} for z → −∞ instead of rounding 1 − σ(−z) to 0).
 */
export class SigmoidActivation implements Activation {
  readonly name = 'sigmoid';

  /** σ(z) = 1/(1 + e^{−z}): the CPU backend's logistic-form kernels. */
  readonly logisticForm: LogisticForm = { alpha: 0, beta: 1, gamma: 1, kappa: -1 };

  /** float32 kernels: σ(z) = (1 + tanh(z/2))/2 and σ' = (1 − tanh²(z/2))/4 with the rational tanh. */
  readonly gpuSource: ActivationGpuSource = {
    value: 'function activationValue(z) { return 0.5 + 0.5 * rationalTanh(0.5 * z); }',
    derivative: 'function activationDerivative(z) { const t = rationalTanh(0.5 * z); return 0.25 * (1.0 - t * t); }',
    helpers: [RATIONAL_TANH_SOURCE],
  };

  value(z: number): number {
    const e = Math.exp(-Math.abs(z));
    return z >= 0 ? 1 / (1 + e) : e / (1 + e);
  }

  /** σ(z)(1 − σ(z)) = e/(1 + e)², symmetric in z. */
  derivative(z: number): number {
    const e = Math.exp(-Math.abs(z));
    const s = 1 + e;
    return e / (s * s);
  }

  /** σ'(z)(1 − 2σ(z)) = −σ'(z)·tanh(z/2). */
  secondDerivative(z: number): number {
    return -this.derivative(z) * Math.tanh(z / 2);
  }
}
