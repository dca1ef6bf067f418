import { tensorProduct } from '../math/quadrature';
import type { QuadratureRule } from '../plugin-points/quadrature-rule';
import type { Random } from '../plugin-points/random';
import type { ReferenceMeasure } from '../plugin-points/reference-measure';

/** How a product measure reads and checks its two per-coordinate parameter arrays. */
export interface CoordinateParameters {
  /** The class, for messages, e.g. `GaussianMeasure`. */
  readonly measure: string;
  /** The names of the two arrays, e.g. `['mean', 'std']`. */
  readonly names: readonly [string, string];
  /** What every coordinate needs, for the message, e.g. `a finite mean and std > 0`. */
  readonly requirement: string;
  /** Whether coordinate c's pair is allowed. */
  valid(first: number, second: number): boolean;
  /** log of coordinate c's normaliser (its density is e^{−this}·(its shape) on the support). */
  logNormalizer(first: number, second: number): number;
}

/**
 * μ = ⊗_c μ_c on R^dim with independent coordinates, each factor given by two numbers per
 * coordinate (a Gaussian's mean and std, a box's low and high). The arrays are checked once here;
 * a draw fills the coordinates in order, and the quadrature is the tensor product of the factors'
 * rules, so its weights sum to 1 when each factor's do.
 */
export abstract class ProductMeasure implements ReferenceMeasure {
  abstract readonly name: string;
  readonly dim: number;
  /** Σ_c log of the factors' normalisers, in coordinate order. */
  protected readonly logNormalizer: number;

  protected constructor(first: readonly number[], second: readonly number[], parameters: CoordinateParameters) {
    const { measure, names, requirement } = parameters;
    if (first.length === 0 || first.length !== second.length) {
      throw new Error(`${measure}: ${names[0]} and ${names[1]} must be non-empty and of equal length, got ${first.length} and ${second.length}`);
    }
    let logNormalizer = 0;
    for (let c = 0; c < first.length; c++) {
      if (!parameters.valid(first[c], second[c])) {
        throw new Error(`${measure}: need ${requirement} in every coordinate, got ${names[0]} ${first[c]}, ${names[1]} ${second[c]} in coordinate ${c}`);
      }
      logNormalizer += parameters.logNormalizer(first[c], second[c]);
    }
    this.dim = first.length;
    this.logNormalizer = logNormalizer;
  }

  /** One draw of coordinate c from its factor μ_c. */
  protected abstract sampleCoordinate(rng: Random, c: number): number;

  /** The factor μ_c's quadrature rule with `nodes` nodes, weights summing to 1. */
  protected abstract coordinateRule(c: number, nodes: number): QuadratureRule;

  abstract logDensity(a: ArrayLike<number>): number;

  sample(rng: Random, out: Float64Array, offset = 0): void {
    for (let c = 0; c < this.dim; c++) out[offset + c] = this.sampleCoordinate(rng, c);
  }

  quadrature(nodesPerDim: number): QuadratureRule {
    return tensorProduct(Array.from({ length: this.dim }, (_, c) => this.coordinateRule(c, nodesPerDim)));
  }
}
