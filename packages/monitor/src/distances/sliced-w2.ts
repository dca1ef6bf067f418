import { availableParallelism } from 'node:os';
import { createRandom } from '@mfpg/core';
import { checkClouds } from './exact-w2';
import { SLICE_JOB, slicePool } from './slice-pool';

/** Options of {@link SlicedW2}. */
export interface SlicedW2Options {
  /** Number L of random directions, an integer ≥ 1. Default 64. */
  readonly directions?: number;
  /** Seed of the directions (uniform on the sphere): the same seed gives the same slices. Default 0. */
  readonly seed?: number;
  /**
   * Threads sharing the directions of a large call (N·L ≥ 2¹⁶), an integer ≥ 1; the value does not
   * depend on it. Default: the machine's cores.
   */
  readonly threads?: number;
}

/** Below this N·L a call runs on the main thread only (waking the workers would cost more). */
const THREADED_WORK = 1 << 16;

/** Byte offsets are rounded up to this (v128 loads, cache lines). */
const ALIGN = 64;
const align = (bytes: number) => Math.ceil(bytes / ALIGN) * ALIGN;

/**
 * Sliced 2-Wasserstein distance between two equal-size clouds (docs/math.md §5):
 *
 *   SW2²(a, b) = (1/L) Σ_l W2²(⟨ω_l, a⟩, ⟨ω_l, b⟩),   ω_l uniform on the unit sphere S^{d−1},
 *
 * where each 1-D W2² is (1/N) Σ_i (x_(i) − y_(i))² over the sorted projections. It estimates
 * E_ω W2²(projections) = W2²-like quantity with SW2 ≤ W2 (projection is 1-Lipschitz), and for
 * isotropic differences (a shift m, a scaling) SW2² = W2²/d exactly in expectation.
 *
 * The directions are drawn once per dimension d from the seed. The work runs in WebAssembly SIMD
 * (assembly/sliced-w2.ts) over a shared memory, four directions per pass over each cloud, the
 * blocks of directions shared among worker threads (slice-pool.ts): projections in float64 in
 * component order, an exact radix + insertion sort of each slice, Σ_i (x_(i) − y_(i))² in index
 * order, then the directions' terms summed in order on the main thread. So the value is
 * bit-identical to the plain float64 definition (sliced-w2-reference.ts), whatever
 * the thread count.
 *
 * @example
 * const sliced = new SlicedW2({ directions: 64, seed: 1 });
 * sliced.distance(a, b, 16384, 6);
 */
export class SlicedW2 {
  readonly directionCount: number;
  readonly seed: number;
  readonly threads: number;
  private directionsDim = 0;
  /** L×d row-major unit vectors. */
  private directionBuffer = new Float64Array(0);

  constructor(options: SlicedW2Options = {}) {
    const { directions = 64, seed = 0, threads = availableParallelism() } = options;
    if (!Number.isInteger(directions) || directions < 1) throw new RangeError(`directions must be an integer ≥ 1, got ${directions}`);
    if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`threads must be an integer ≥ 1, got ${threads}`);
    this.directionCount = directions;
    this.seed = seed;
    this.threads = threads;
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
    const count = this.directionCount;
    const directions = this.directions(dim);
    const pool = slicePool(n * count >= THREADED_WORK ? Math.min(this.threads, Math.ceil(count / 4)) : 1);
    // Layout (bytes): [weights: per block of four directions and component c, (ω_0c … ω_3c) |
    // a | b | sums: one per direction, blocks padded to four | per thread: the kernel's scratch].
    const blocks = Math.ceil(count / 4);
    const weightsAt = 0;
    const aAt = align(32 * dim * blocks);
    const bAt = aAt + align(8 * n * dim);
    const sumsAt = bAt + align(8 * n * dim);
    const scratchAt = sumsAt + align(32 * blocks);
    const scratchBytes = align(pool.kernels.blockScratchBytes(n));
    const memory = pool.reserve(scratchAt + pool.threads * scratchBytes);
    for (let block = 0; block < blocks; block++) {
      for (let c = 0; c < dim; c++) {
        for (let k = 0; k < 4; k++) {
          const l = 4 * block + k;
          memory[(weightsAt + 32 * (dim * block + c)) / 8 + k] = l < count ? directions[l * dim + c] : 0;
        }
      }
    }
    memory.set(a, aAt / 8);
    memory.set(b, bAt / 8);
    const job = pool.job;
    job[SLICE_JOB.a] = aAt;
    job[SLICE_JOB.b] = bAt;
    job[SLICE_JOB.n] = n;
    job[SLICE_JOB.dim] = dim;
    job[SLICE_JOB.weights] = weightsAt;
    job[SLICE_JOB.directions] = count;
    job[SLICE_JOB.scratch] = scratchAt;
    job[SLICE_JOB.scratchBytes] = scratchBytes;
    job[SLICE_JOB.sums] = sumsAt;
    pool.run();
    let total = 0;
    for (let l = 0; l < count; l++) total += memory[sumsAt / 8 + l] / n;
    return total / count;
  }
}
