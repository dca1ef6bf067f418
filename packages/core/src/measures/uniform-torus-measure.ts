import { periodicTrapezoid, tensorProduct } from '../math/quadrature';
import type { QuadratureRule } from '../plugin-points/quadrature-rule';
import type { Random } from '../plugin-points/random';
import type { ReferenceMeasure } from '../plugin-points/reference-measure';

/**
 * μ = the uniform (Haar) probability on the unit torus [0,1)^dim (docs/math.md §1, benchmarks B1–B3).
 * Its density w.r.t. Lebesgue on the torus is 1 everywhere: coordinates are taken modulo 1, so
 * every real vector is a point of the support.
 */
export class UniformTorusMeasure implements ReferenceMeasure {
  readonly name = 'uniform-torus';

  constructor(readonly dim: number) {
    if (!Number.isInteger(dim) || dim < 1) throw new Error(`UniformTorusMeasure: dim must be a positive integer, got ${dim}`);
  }

  sample(rng: Random, out: Float64Array, offset = 0): void {
    for (let c = 0; c < this.dim; c++) out[offset + c] = rng.uniform();
  }

  logDensity(): number {
    return 0;
  }

  /** The periodic trapezoid tensor grid: nodesPerDim^dim nodes j/n, weights n^{−dim} (docs/math.md §5). */
  quadrature(nodesPerDim: number): QuadratureRule {
    return tensorProduct(Array.from({ length: this.dim }, () => periodicTrapezoid(nodesPerDim)));
  }
}
