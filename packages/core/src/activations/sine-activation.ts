import type { Activation, ActivationGpuSource } from '../plugin-points/activation';

/** ϱ(z) = sin z: bounded with bounded derivatives, so no special handling is needed anywhere. */
export class SineActivation implements Activation {
  readonly name = 'sin';
  /** The product-grid kernels' addition formulas apply (Activation.sineForm). */
  readonly sineForm = true;

  readonly gpuSource: ActivationGpuSource = {
    value: 'function activationValue(z) { return Math.sin(z); }',
    derivative: 'function activationDerivative(z) { return Math.cos(z); }',
    helpers: [],
  };

  value(z: number): number {
    return Math.sin(z);
  }

  derivative(z: number): number {
    return Math.cos(z);
  }

  secondDerivative(z: number): number {
    return -Math.sin(z);
  }
}
