import { gaussHermite } from '../math/quadrature';
import type { QuadratureRule } from '../plugin-points/quadrature-rule';
import type { Random } from '../plugin-points/random';
import { ProductMeasure } from './product-measure';

const LOG_TWO_PI = Math.log(2 * Math.PI);

/** μ = N(mean, diag(std²)) on R^dim (docs/math.md §1; the reference measure of benchmark B4). */
export class GaussianMeasure extends ProductMeasure {
  readonly name = 'gaussian';

  constructor(
    readonly mean: readonly number[],
    readonly std: readonly number[],
  ) {
    // The negated log-normaliser is Σ_c log std_c + (dim/2) log 2π.
    super(mean, std, {
      measure: 'GaussianMeasure',
      names: ['mean', 'std'],
      requirement: 'a finite mean and std > 0',
      valid: (m, s) => Number.isFinite(m) && Number.isFinite(s) && s > 0,
      logNormalizer: (_m, s) => Math.log(s) + 0.5 * LOG_TWO_PI,
    });
  }

  protected sampleCoordinate(rng: Random, c: number): number {
    return this.mean[c] + this.std[c] * rng.normal();
  }

  logDensity(a: ArrayLike<number>): number {
    let quadratic = 0;
    for (let c = 0; c < this.dim; c++) {
      const z = (a[c] - this.mean[c]) / this.std[c];
      quadratic += z * z;
    }
    return -0.5 * quadratic - this.logNormalizer;
  }

  /** Gauss–Hermite, nodes mean_c + std_c·z: the tensor rule is exact for polynomials of degree ≤ 2·nodesPerDim − 1 per coordinate. */
  protected coordinateRule(c: number, nodes: number): QuadratureRule {
    const rule = gaussHermite(nodes);
    for (let j = 0; j < rule.count; j++) rule.nodes[j] = this.mean[c] + this.std[c] * rule.nodes[j];
    return rule;
  }
}
