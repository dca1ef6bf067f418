import type { InitialLaw } from '../plugin-points/initial-law';
import type { Random } from '../plugin-points/random';

/** A scalar, or one value per parameter coordinate. */
export type PerCoordinate = number | readonly number[];

/**
 * ν_0 = N(mean, diag(std²)): θ_i = mean + std ⊙ ξ_i with ξ drawn particle-major (particle 0's d
 * coordinates first), the draw order the examples/ oracle shares.
 */
export class GaussianInitialLaw implements InitialLaw {
  readonly name = 'gaussian';

  constructor(
    private readonly mean: PerCoordinate = 0,
    private readonly std: PerCoordinate = 1,
  ) {}

  /** Checks vector lengths against the parameter dimension; returns a message or undefined. */
  validate(dim: number): string | undefined {
    for (const [label, value] of [['mean', this.mean], ['std', this.std]] as const) {
      if (typeof value !== 'number' && value.length !== dim) return `${label} has ${value.length} entries but the parameter dimension is ${dim}`;
    }
    const stds = typeof this.std === 'number' ? [this.std] : this.std;
    if (stds.some((s) => !(s >= 0) || !Number.isFinite(s))) return 'std must be finite and ≥ 0';
    return undefined;
  }

  sample(rng: Random, theta: Float64Array, particleCount: number, dim: number): void {
    const problem = this.validate(dim);
    if (problem) throw new Error(`initial law gaussian: ${problem}`);
    rng.fillNormal(theta, 0, particleCount * dim);
    for (let i = 0; i < particleCount; i++) {
      for (let k = 0; k < dim; k++) {
        const m = typeof this.mean === 'number' ? this.mean : this.mean[k];
        const s = typeof this.std === 'number' ? this.std : this.std[k];
        theta[i * dim + k] = m + s * theta[i * dim + k];
      }
    }
  }
}
