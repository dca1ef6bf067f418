import type { Activation, ActivationGpuSource } from '../plugin-points/activation';
import type { LogisticForm } from './logistic-form';
import { RATIONAL_TANH_SOURCE } from '../math/rational-tanh';

/**
 * ϱ(z) = tanh z, the default activation (docs/math.md §2).
 *
 * The derivatives are written through e = e^{−2|z|} ∈ (0, 1], so sech² z = 4e/(1 + e)² keeps its
 * relative accuracy in the tails, where 1 − tanh² z would round to 0 once |z| > 19.
 */
export class TanhActivation implements Activation {
  readonly name = 'tanh';

  /** tanh z = 1 − 2/(1 + e^{2z}): the CPU backend's logistic-form kernels. */
  readonly logisticForm: LogisticForm = { alpha: 1, beta: -2, gamma: 4, kappa: 2 };

  /** float32 kernels: the rational tanh (≤ 6 float32 ulps); sech² = 1 − tanh² (absolute error ~2^−23). */
  readonly gpuSource: ActivationGpuSource = {
    value: 'function activationValue(z) { return rationalTanh(z); }',
    derivative: 'function activationDerivative(z) { const t = rationalTanh(z); return 1.0 - t * t; }',
    helpers: [RATIONAL_TANH_SOURCE],
  };

  value(z: number): number {
    return Math.tanh(z);
  }

  /** sech² z. */
  derivative(z: number): number {
    const e = Math.exp(-2 * Math.abs(z));
    const s = 1 + e;
    return (4 * e) / (s * s);
  }

  /** −2 tanh z · sech² z. */
  secondDerivative(z: number): number {
    return -2 * Math.tanh(z) * this.derivative(z);
  }
}
