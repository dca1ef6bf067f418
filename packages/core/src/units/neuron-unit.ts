import { TanhActivation } from '../activations/tanh-activation';
import type { Activation } from '../plugin-points/activation';
import type { NeuronLikeUnit } from '../plugin-points/unit';

const tanh = new TanhActivation();

/** ℓ(c) = L·tanh(c/L), the bounded output weight of docs/math.md §2; L = ∞ gives ℓ(c) = c. */
export function outputWeight(c: number, outputBound: number): number {
  return outputBound === Infinity ? c : outputBound * Math.tanh(c / outputBound);
}

/** ℓ'(c) = sech²(c/L) (1 for L = ∞), accurate in relative terms for large |c|/L. */
export function outputWeightDerivative(c: number, outputBound: number): number {
  return outputBound === Infinity ? 1 : tanh.derivative(c / outputBound);
}

/**
 * The neuron φ(θ, x) = ℓ(c)·ϱ(w·x + b) of docs/math.md §2, θ = (c, w_1..w_p, b), d = p + 2.
 *
 * Backends recognise `kind: 'neuron'` and run fused kernels built from `activation` and
 * `outputBound`; `value` and `addGradient` are the reference those kernels are tested against.
 */
export class NeuronUnit implements NeuronLikeUnit {
  readonly kind = 'neuron';

  /**
   * @param activation ϱ.
   * @param outputBound L > 0, or Infinity for the unbounded output weight ℓ(c) = c.
   */
  constructor(
    readonly activation: Activation,
    readonly outputBound: number,
  ) {
    if (!(outputBound > 0)) {
      throw new RangeError(`NeuronUnit: outputBound must be positive or Infinity, got ${outputBound}`);
    }
  }

  parameterDim(featureDim: number): number {
    return featureDim + 2;
  }

  /** θ: length p + 2, x: length p. */
  value(theta: ArrayLike<number>, x: ArrayLike<number>): number {
    return outputWeight(theta[0], this.outputBound) * this.activation.value(preActivation(theta, x));
  }

  /**
   * out[offset..offset+p+1] += weight · ∇_θ φ(θ, x):
   * ∂c = ℓ'(c)ϱ(z), ∂w_k = ℓ(c)ϱ'(z)x_k, ∂b = ℓ(c)ϱ'(z), z = w·x + b.
   */
  addGradient(theta: ArrayLike<number>, x: ArrayLike<number>, weight: number, out: Float64Array, offset: number): void {
    const p = x.length;
    const z = preActivation(theta, x);
    const c = theta[0];
    out[offset] += weight * outputWeightDerivative(c, this.outputBound) * this.activation.value(z);
    const slope = weight * outputWeight(c, this.outputBound) * this.activation.derivative(z);
    for (let k = 0; k < p; k++) out[offset + 1 + k] += slope * x[k];
    out[offset + p + 1] += slope;
  }
}

/** z = w·x + b, summed from b in feature order (the order the CPU kernels use too). */
function preActivation(theta: ArrayLike<number>, x: ArrayLike<number>): number {
  const p = x.length;
  let z = theta[p + 1];
  for (let k = 0; k < p; k++) z += theta[1 + k] * x[k];
  return z;
}
