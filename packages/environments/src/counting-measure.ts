import type { QuadratureRule, Random, ReferenceMeasure } from '@mfpg/core';

/**
 * The counting measure on the finite action set {0, …, K−1}, normalised to a probability
 * (mass 1/K on each action) as every reference measure is (docs/math.md §1). Normalising shifts the
 * KL to μ by log K: KL(π | μ) = log K − H(π), so values differ from the unnormalised convention
 * by the constant −τ log K/(1−γ), and policies and advantages do not change.
 */
export class CountingMeasure implements ReferenceMeasure {
  readonly name = 'counting';
  readonly dim = 1;
  private readonly logMass: number;

  constructor(readonly size: number) {
    if (!(Number.isInteger(size) && size >= 1)) throw new Error(`CountingMeasure: size must be an integer ≥ 1, got ${size}`);
    this.logMass = -Math.log(size);
  }

  sample(rng: Random, out: Float64Array, offset = 0): void {
    out[offset] = Math.min(this.size - 1, Math.floor(rng.uniform() * this.size));
  }

  /** log(1/K) on {0, …, K−1}, −∞ elsewhere. */
  logDensity(a: ArrayLike<number>): number {
    return Number.isInteger(a[0]) && a[0] >= 0 && a[0] < this.size ? this.logMass : -Infinity;
  }

  /** Every action with weight 1/K (exact); `nodesPerDim` is ignored. */
  quadrature(_nodesPerDim: number): QuadratureRule {
    const nodes = new Float64Array(this.size);
    for (let k = 0; k < this.size; k++) nodes[k] = k;
    return { count: this.size, dim: 1, nodes, weights: new Float64Array(this.size).fill(1 / this.size) };
  }
}
