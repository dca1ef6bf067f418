import { createRandom } from '@mfpg/core';
import { checkClouds } from './exact-w2';
import { SortScratch, sortInPlace } from './sort-in-place';

/** Options of {@link SlicedW2}. */
export interface SlicedW2Options {
  /** Number L of random directions, an integer ≥ 1. Default 64. */
  readonly directions?: number;
  /** Seed of the directions (uniform on the sphere): the same seed gives the same slices. Default 0. */
  readonly seed?: number;
}

/**
 * Sliced 2-Wasserstein distance between two equal-size clouds (MATH.md §5):
 *
 *   SW2²(a, b) = (1/L) Σ_l W2²(⟨ω_l, a⟩, ⟨ω_l, b⟩),   ω_l uniform on the unit sphere S^{d−1},
 *
 * where each 1-D W2² is (1/N) Σ_i (x_(i) − y_(i))² over the sorted projections. It estimates
 * E_ω W2²(projections) = W2²-like quantity with SW2 ≤ W2 (projection is 1-Lipschitz), and for
 * isotropic differences (a shift m, a scaling) SW2² = W2²/d exactly in expectation.
 *
 * The directions are drawn once per dimension d from the seed; buffers (L×N projections per cloud)
 * are preallocated for the largest N seen, sorting is in place on Float64Arrays.
 *
 * @example
 * const sliced = new SlicedW2({ directions: 64, seed: 1 });
 * sliced.distance(a, b, 16384, 6);
 */
export class SlicedW2 {
  readonly directionCount: number;
  readonly seed: number;
  private directionsDim = 0;
  /** L×d row-major unit vectors. */
  private directionBuffer = new Float64Array(0);
  private projectedA = new Float64Array(0);
  private projectedB = new Float64Array(0);
  private readonly scratch = new SortScratch();

  constructor(options: SlicedW2Options = {}) {
    const { directions = 64, seed = 0 } = options;
    if (!Number.isInteger(directions) || directions < 1) throw new RangeError(`directions must be an integer ≥ 1, got ${directions}`);
    this.directionCount = directions;
    this.seed = seed;
  }

  /** The L×d unit directions used for dimension d (a view). */
  directions(dim: number): Float64Array {
    if (dim !== this.directionsDim) {
      const rng = createRandom(this.seed);
      const buffer = new Float64Array(this.directionCount * dim);
      for (let l = 0; l < this.directionCount; l++) {
        let norm = 0;
        while (!(norm > 1e-12)) {
          rng.fillNormal(buffer, l * dim, dim);
          norm = 0;
          for (let c = 0; c < dim; c++) norm += buffer[l * dim + c] ** 2;
        }
        const inverse = 1 / Math.sqrt(norm);
        for (let c = 0; c < dim; c++) buffer[l * dim + c] *= inverse;
      }
      this.directionBuffer = buffer;
      this.directionsDim = dim;
    }
    return this.directionBuffer;
  }

  /** SW2(a, b): a and b are N×d row-major clouds of the same size. */
  distance(a: Float64Array, b: Float64Array, particleCount: number, dim: number): number {
    return Math.sqrt(this.squaredDistance(a, b, particleCount, dim));
  }

  /** SW2²(a, b), same arguments as {@link SlicedW2.distance}. */
  squaredDistance(a: Float64Array, b: Float64Array, particleCount: number, dim: number): number {
    checkClouds(a, b, particleCount, dim);
    const n = particleCount;
    const directions = this.directions(dim);
    const size = this.directionCount * n;
    if (this.projectedA.length < size) {
      this.projectedA = new Float64Array(size);
      this.projectedB = new Float64Array(size);
    }
    this.project(a, n, dim, directions, this.projectedA);
    this.project(b, n, dim, directions, this.projectedB);
    let total = 0;
    for (let l = 0; l < this.directionCount; l++) {
      const offset = l * n;
      sortInPlace(this.projectedA, offset, n, this.scratch);
      sortInPlace(this.projectedB, offset, n, this.scratch);
      let sum = 0;
      for (let i = offset; i < offset + n; i++) {
        const difference = this.projectedA[i] - this.projectedB[i];
        sum += difference * difference;
      }
      total += sum / n;
    }
    return total / this.directionCount;
  }

  /** out[l·N + i] = ⟨ω_l, θ_i⟩. */
  private project(theta: Float64Array, n: number, dim: number, directions: Float64Array, out: Float64Array): void {
    for (let l = 0; l < this.directionCount; l++) {
      const row = l * dim;
      const offset = l * n;
      for (let i = 0; i < n; i++) {
        const particle = i * dim;
        let dot = 0;
        for (let c = 0; c < dim; c++) dot += directions[row + c] * theta[particle + c];
        out[offset + i] = dot;
      }
    }
  }
}
