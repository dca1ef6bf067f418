import { gaussLegendre } from '../math/quadrature';
import type { QuadratureRule } from '../plugin-points/quadrature-rule';
import type { Random } from '../plugin-points/random';
import { ProductMeasure } from './product-measure';

/**
 * μ = the uniform probability on the box Π_c [low_c, high_c] (docs/math.md §1): density
 * 1/Π_c(high_c − low_c) inside (boundary included), 0 outside.
 */
export class UniformBoxMeasure extends ProductMeasure {
  readonly name = 'uniform-box';

  constructor(
    readonly low: readonly number[],
    readonly high: readonly number[],
  ) {
    // The log-normaliser is the log-volume Σ_c log(high_c − low_c).
    super(low, high, {
      measure: 'UniformBoxMeasure',
      names: ['low', 'high'],
      requirement: 'finite low < high',
      valid: (l, h) => Number.isFinite(l) && Number.isFinite(h) && h > l,
      logNormalizer: (l, h) => Math.log(h - l),
    });
  }

  protected sampleCoordinate(rng: Random, c: number): number {
    return this.low[c] + (this.high[c] - this.low[c]) * rng.uniform();
  }

  logDensity(a: ArrayLike<number>): number {
    for (let c = 0; c < this.dim; c++) {
      if (!(a[c] >= this.low[c] && a[c] <= this.high[c])) return -Infinity;
    }
    return -this.logNormalizer;
  }

  /**
   * Gauss–Legendre on [low_c, high_c]: the tensor rule is exact for polynomials of degree
   * ≤ 2·nodesPerDim − 1 in each coordinate. The weights are divided by the width so that they sum
   * to 1 (μ, not Lebesgue).
   */
  protected coordinateRule(c: number, nodes: number): QuadratureRule {
    const rule = gaussLegendre(nodes, this.low[c], this.high[c]);
    const width = this.high[c] - this.low[c];
    for (let j = 0; j < rule.count; j++) rule.weights[j] /= width;
    return rule;
  }
}
