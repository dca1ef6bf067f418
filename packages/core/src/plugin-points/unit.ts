import type { Activation } from './activation';

export const Unit = Symbol.for('mfpg.Unit');

/**
 * One "neuron" φ(θ, x) of the mean-field network f_ν(x) = ∫ φ(θ, x) ν(dθ) (docs/math.md §2).
 * θ and x are views of length parameterDim(p) and p.
 */
export interface Unit {
  /** Kernel family name: backends register fused kernels per kind (e.g. `neuron`). */
  readonly kind: string;
  /** Parameter dimension d for features of length p. */
  parameterDim(featureDim: number): number;
  value(theta: ArrayLike<number>, x: ArrayLike<number>): number;
  /** out += weight · ∇_θ φ(θ, x). */
  addGradient(theta: ArrayLike<number>, x: ArrayLike<number>, weight: number, out: Float64Array, offset: number): void;
}

/**
 * Any unit of the neuron form φ(θ,x) = ℓ(c)·ϱ(w·x + b), θ = (c, w, b), ℓ(c) = L·tanh(c/L)
 * (L = ∞: ℓ(c) = c): backends may replace its value/addGradient by fused kernels.
 */
export interface NeuronLikeUnit extends Unit {
  readonly kind: 'neuron';
  readonly activation: Activation;
  /** L; Infinity for an unbounded output weight. */
  readonly outputBound: number;
}

export function isNeuronUnit(unit: Unit): unit is NeuronLikeUnit {
  return unit.kind === 'neuron';
}
