import type { LogisticForm } from '../activations/logistic-form';

export const Activation = Symbol.for('mfpg.Activation');

/** An activation ϱ: R → R with its first two derivatives (docs/math.md §2). */
export interface Activation {
  readonly name: string;
  value(z: number): number;
  derivative(z: number): number;
  secondDerivative(z: number): number;
  /** ϱ and ϱ' as gpu.js-compilable code (float32 kernels); absent: the gpu backend rejects the activation. */
  readonly gpuSource?: ActivationGpuSource;
  /** Declares ϱ = α + β/(1 + e^{κz}) (activations/logistic-form.ts): the CPU backend's fast kernels then serve it. */
  readonly logisticForm?: LogisticForm;
  /**
   * Declares ϱ = sin (so ϱ' = cos): the CPU backend's product-grid kernels then use the addition
   * formulas sin(u + v) = sin u cos v + cos u sin v. Checked like `logisticForm`.
   */
  readonly sineForm?: boolean;
}

/**
 * gpu.js-compilable JavaScript for an activation: self-contained function sources using only
 * arithmetic, `Math.*` and the helper functions listed (e.g. `rationalTanh`, math/rational-tanh.ts).
 */
export interface ActivationGpuSource {
  /** `function activationValue(z) { … }`. */
  readonly value: string;
  /** `function activationDerivative(z) { … }`. */
  readonly derivative: string;
  /** Helper function sources the two call. */
  readonly helpers: readonly string[];
}
