import { FLOAT32_COSINE_SOURCE, FLOAT32_SINE_SOURCE } from '../math/float32-sine';
import type { Activation, ActivationGpuSource } from '../plugin-points/activation';

/** ϱ(z) = sin z: bounded with bounded derivatives, so no special handling is needed anywhere. */
export class SineActivation implements Activation {
  readonly name = 'sin';
  /** The product-grid kernels' addition formulas apply (Activation.sineForm). */
  readonly sineForm = true;

  /**
   * float32 kernels: Cephes' sinf/cosf (math/float32-sine.ts, within 2^−23 for |z| ≤ 8192), not
   * Math.sin, which gpu.js turns into GLSL's sin: left to the driver, inaccurate on some GPUs.
   */
  readonly gpuSource: ActivationGpuSource = {
    value: 'function activationValue(z) { return float32Sine(z); }',
    derivative: 'function activationDerivative(z) { return float32Cosine(z); }',
    helpers: [FLOAT32_SINE_SOURCE, FLOAT32_COSINE_SOURCE],
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
