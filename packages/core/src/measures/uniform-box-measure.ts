import { gaussLegendre, tensorProduct } from '../math/quadrature';
import type { QuadratureRule } from '../plugin-points/quadrature-rule';
import type { Random } from '../plugin-points/random';
import type { ReferenceMeasure } from '../plugin-points/reference-measure';

/**
 * μ = the uniform probability on the box Π_c [low_c, high_c] (docs/math.md §1): density
 * 1/Π_c(high_c − low_c) inside (boundary included), 0 outside.
 */
export class UniformBoxMeasure implements ReferenceMeasure {
  readonly name = 'uniform-box';
  readonly dim: number;
  private readonly logVolume: number;

  constructor(
    readonly low: readonly number[],
    readonly high: readonly number[],
  ) {
    if (low.length === 0 || low.length !== high.length) {
      throw new Error(`UniformBoxMeasure: low and high must be non-empty and of equal length, got ${low.length} and ${high.length}`);
    }
    let logVolume = 0;
    for (let c = 0; c < low.length; c++) {
      if (!(Number.isFinite(low[c]) && Number.isFinite(high[c]) && high[c] > low[c])) {
        throw new Error(`UniformBoxMeasure: need finite low < high in every coordinate, got [${low[c]}, ${high[c]}] in coordinate ${c}`);
      }
      logVolume += Math.log(high[c] - low[c]);
    }
    this.dim = low.length;
    this.logVolume = logVolume;
  }

  sample(rng: Random, out: Float64Array, offset = 0): void {
    for (let c = 0; c < this.dim; c++) out[offset + c] = this.low[c] + (this.high[c] - this.low[c]) * rng.uniform();
  }

  logDensity(a: ArrayLike<number>): number {
    for (let c = 0; c < this.dim; c++) {
      if (!(a[c] >= this.low[c] && a[c] <= this.high[c])) return -Infinity;
    }
    return -this.logVolume;
  }

  /**
   * Tensor Gauss–Legendre: exact for polynomials of degree ≤ 2·nodesPerDim − 1 in each coordinate.
   * Each factor's weights are divided by its width so that they sum to 1 (μ, not Lebesgue).
   */
  quadrature(nodesPerDim: number): QuadratureRule {
    const factors = this.low.map((low, c) => {
      const rule = gaussLegendre(nodesPerDim, low, this.high[c]);
      const width = this.high[c] - low;
      for (let j = 0; j < rule.count; j++) rule.weights[j] /= width;
      return rule;
    });
    return tensorProduct(factors);
  }
}
