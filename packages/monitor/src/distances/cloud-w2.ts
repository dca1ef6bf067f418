import { ExactW2 } from './exact-w2';
import { SlicedW2 } from './sliced-w2';

/** How {@link CloudW2} measures: exact assignment, sliced, or exact up to `exactLimit` particles. */
export type W2Method = 'auto' | 'exact' | 'sliced';

/** Options of {@link CloudW2}. */
export interface CloudW2Options {
  /** Default `auto`. */
  readonly method?: W2Method;
  /** Largest N measured exactly by `auto` (O(N³) time, N² doubles of memory). Default 2000. */
  readonly exactLimit?: number;
  /** Directions of the sliced distance. Default 64. */
  readonly directions?: number;
  /** Seed of the sliced directions. Default 0. */
  readonly seed?: number;
}

/**
 * W2 between two equal-size clouds, choosing the method (docs/math.md §5): exact optimal assignment for
 * N ≤ exactLimit under `auto`, sliced above it. Note the sliced distance measures SW2 ≈ W2/√d for
 * isotropic differences, not W2: `usesExact(N)` tells which one a value is.
 */
export class CloudW2 {
  readonly method: W2Method;
  readonly exactLimit: number;
  private readonly exact = new ExactW2();
  private readonly sliced: SlicedW2;

  constructor(options: CloudW2Options = {}) {
    const { method = 'auto', exactLimit = 2000, directions = 64, seed = 0 } = options;
    if (!Number.isInteger(exactLimit) || exactLimit < 1) throw new RangeError(`exactLimit must be an integer ≥ 1, got ${exactLimit}`);
    this.method = method;
    this.exactLimit = exactLimit;
    this.sliced = new SlicedW2({ directions, seed });
  }

  /** True when clouds of N particles are measured by exact assignment. */
  usesExact(particleCount: number): boolean {
    return this.method === 'exact' || (this.method === 'auto' && particleCount <= this.exactLimit);
  }

  /** W2 (or SW2, see {@link CloudW2.usesExact}) between N×d clouds a and b. */
  distance(a: Float64Array, b: Float64Array, particleCount: number, dim: number): number {
    return this.usesExact(particleCount) ? this.exact.distance(a, b, particleCount, dim) : this.sliced.distance(a, b, particleCount, dim);
  }
}
