import type { InitialLaw } from '../plugin-points/initial-law';
import type { Random } from '../plugin-points/random';
import type { PerCoordinate } from './gaussian-initial-law';

/**
 * ν_0 = uniform on the box ∏_k [low_k, high_k): θ_ik = low_k + (high_k − low_k)·u_ik with one
 * `rng.uniform()` per coordinate, drawn particle-major (particle 0's d coordinates first).
 */
export class UniformInitialLaw implements InitialLaw {
  readonly name = 'uniform';

  /**
   * @param low the lower corner of the box: a scalar (every coordinate) or one value per coordinate.
   * @param high the upper corner, > low in every coordinate, of the same form.
   */
  constructor(
    private readonly low: PerCoordinate,
    private readonly high: PerCoordinate,
  ) {}

  /** Checks vector lengths against d and low < high (finite); returns [field, message] or undefined. */
  validate(dim: number): readonly ['low' | 'high', string] | undefined {
    for (const [label, value] of [['low', this.low], ['high', this.high]] as const) {
      if (typeof value !== 'number' && value.length !== dim) return [label, `${value.length} entries, but the parameter dimension is d = ${dim}`];
    }
    for (let k = 0; k < dim; k++) {
      const low = at(this.low, k);
      const high = at(this.high, k);
      if (!Number.isFinite(low) || !Number.isFinite(high) || !(low < high)) {
        return ['high', `finite corners with low < high in every coordinate; coordinate ${k} has low = ${low}, high = ${high}`];
      }
    }
    return undefined;
  }

  sample(rng: Random, theta: Float64Array, particleCount: number, dim: number): void {
    const problem = this.validate(dim);
    if (problem) throw new RangeError(`initial law uniform: ${problem[0]}: ${problem[1]}`);
    for (let i = 0; i < particleCount; i++) {
      for (let k = 0; k < dim; k++) {
        const low = at(this.low, k);
        theta[i * dim + k] = low + (at(this.high, k) - low) * rng.uniform();
      }
    }
  }
}

function at(value: PerCoordinate, k: number): number {
  return typeof value === 'number' ? value : value[k];
}
