import { ConfigError } from '../errors';
import { outputWeight } from '../units/neuron-unit';
import { isNeuronUnit, type Unit } from '../plugin-points/unit';

/**
 * sup_z |ϱ(z)| of the built-in bounded activations. An activation plugin may declare its own with a
 * `supremum` property (a number); unbounded ones (softplus) have none.
 */
const ACTIVATION_SUPREMA: Readonly<Record<string, number>> = { tanh: 1, sigmoid: 1, sin: 1 };

/** A unit plugin may declare a bound on its output: sup_x |φ(θ, x)| ≤ supremum(θ). */
interface UnitWithSupremum extends Unit {
  supremum(theta: ArrayLike<number>): number;
}

function hasSupremum(unit: Unit): unit is UnitWithSupremum {
  return typeof (unit as Partial<UnitWithSupremum>).supremum === 'function';
}

/**
 * M(θ) ≥ sup_{s,a} f_ν(s,a) for the empirical ν of θ (N×d): the envelope that makes rejection
 * sampling from μ exact (docs/math.md §5). `theta` is N×d row-major.
 */
export type LogitBound = (theta: Float64Array) => number;

/**
 * Derives M(θ) from the unit:
 * - neuron units φ = ℓ(c)·ϱ(w·x+b) with a bounded ϱ: M = (1/N) Σ_i |ℓ(c_i)| · sup|ϱ|;
 * - any unit with a `supremum(θ)` method: M = (1/N) Σ_i supremum(θ_i).
 * Throws ConfigError (field `evaluator.name`) for anything else: without a bound, exact action
 * sampling by rejection from μ is impossible.
 */
export function logitBound(unit: Unit, particleCount: number, dim: number): LogitBound {
  if (isNeuronUnit(unit)) {
    const declared = (unit.activation as { supremum?: unknown }).supremum;
    const supremum = typeof declared === 'number' ? declared : ACTIVATION_SUPREMA[unit.activation.name];
    if (supremum === undefined || !Number.isFinite(supremum)) {
      throw ConfigError.of(
        'evaluator.name',
        'monte-carlo',
        `an evaluator for this policy: Monte Carlo needs a bounded activation (tanh, sigmoid, sin, or one declaring a finite \`supremum\`), ` +
          `but '${unit.activation.name}' is unbounded; use evaluator.name=grid`,
      );
    }
    const { outputBound } = unit;
    return (theta) => {
      let sum = 0;
      for (let i = 0; i < particleCount; i++) sum += Math.abs(outputWeight(theta[i * dim], outputBound));
      return (sum / particleCount) * supremum;
    };
  }
  if (hasSupremum(unit)) {
    const row = new Float64Array(dim);
    return (theta) => {
      let sum = 0;
      for (let i = 0; i < particleCount; i++) {
        for (let k = 0; k < dim; k++) row[k] = theta[i * dim + k];
        sum += unit.supremum(row);
      }
      return sum / particleCount;
    };
  }
  throw ConfigError.of(
    'evaluator.name',
    'monte-carlo',
    `an evaluator for this policy: Monte Carlo needs a bound on the unit's output to sample actions exactly by rejection; ` +
      `unit '${unit.kind}' declares none (give it a supremum(θ) method) — use evaluator.name=grid`,
  );
}
