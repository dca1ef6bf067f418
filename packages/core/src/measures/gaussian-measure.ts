import { gaussHermite, tensorProduct } from '../math/quadrature';
import type { QuadratureRule } from '../plugin-points/quadrature-rule';
import type { Random } from '../plugin-points/random';
import type { ReferenceMeasure } from '../plugin-points/reference-measure';

const LOG_TWO_PI = Math.log(2 * Math.PI);

/** μ = N(mean, diag(std²)) on R^dim (docs/math.md §1; the reference measure of benchmark B4). */
export class GaussianMeasure implements ReferenceMeasure {
  readonly name = 'gaussian';
  readonly dim: number;
  /** Σ_c log std_c + (dim/2) log 2π, the negated log-normaliser. */
  private readonly logNormalizer: number;

  constructor(
    readonly mean: readonly number[],
    readonly std: readonly number[],
  ) {
    if (mean.length === 0 || mean.length !== std.length) {
      throw new Error(`GaussianMeasure: mean and std must be non-empty and of equal length, got ${mean.length} and ${std.length}`);
    }
    let logNormalizer = 0;
    for (let c = 0; c < mean.length; c++) {
      if (!Number.isFinite(mean[c]) || !(Number.isFinite(std[c]) && std[c] > 0)) {
        throw new Error(`GaussianMeasure: need a finite mean and std > 0 in every coordinate, got mean ${mean[c]}, std ${std[c]} in coordinate ${c}`);
      }
      logNormalizer += Math.log(std[c]) + 0.5 * LOG_TWO_PI;
    }
    this.dim = mean.length;
    this.logNormalizer = logNormalizer;
  }

  sample(rng: Random, out: Float64Array, offset = 0): void {
    for (let c = 0; c < this.dim; c++) out[offset + c] = this.mean[c] + this.std[c] * rng.normal();
  }

  logDensity(a: ArrayLike<number>): number {
    let quadratic = 0;
    for (let c = 0; c < this.dim; c++) {
      const z = (a[c] - this.mean[c]) / this.std[c];
      quadratic += z * z;
    }
    return -0.5 * quadratic - this.logNormalizer;
  }

  /** Tensor Gauss–Hermite, nodes mean_c + std_c·z: exact for polynomials of degree ≤ 2·nodesPerDim − 1 per coordinate. */
  quadrature(nodesPerDim: number): QuadratureRule {
    const factors = this.mean.map((mean, c) => {
      const rule = gaussHermite(nodesPerDim);
      for (let j = 0; j < rule.count; j++) rule.nodes[j] = mean + this.std[c] * rule.nodes[j];
      return rule;
    });
    return tensorProduct(factors);
  }
}
