import type { ProductStructure } from '@mfpg/core';
import { splitPreActivation } from './product-grid-pre-activation';
import { withCapacity } from './scratch';

/**
 * One particle's factors for the sine product-grid kernels' addition formulas: u_o, v_i
 * (splitPreActivation) and sin u_o, cos u_o, sin v_i, cos v_i — 2(O + I) sin/cos calls, after which
 * each pair costs multiply-adds only. Buffers grow with the largest grid and are kept between calls.
 */
export class SineFactors {
  u = new Float64Array(0);
  v = new Float64Array(0);
  outerSin = new Float64Array(0);
  outerCos = new Float64Array(0);
  innerSin = new Float64Array(0);
  innerCos = new Float64Array(0);

  /** Sizes the buffers for `grid` (allocates only for a larger grid than any before). */
  reserve({ outerCount, innerCount }: ProductStructure): void {
    this.u = withCapacity(this.u, outerCount);
    this.outerSin = withCapacity(this.outerSin, outerCount);
    this.outerCos = withCapacity(this.outerCos, outerCount);
    this.v = withCapacity(this.v, innerCount);
    this.innerSin = withCapacity(this.innerSin, innerCount);
    this.innerCos = withCapacity(this.innerCos, innerCount);
  }

  /** The factors of the particle at `base` of θ. */
  fill(theta: Float64Array, base: number, grid: ProductStructure): void {
    const { u, v, outerSin, outerCos, innerSin, innerCos } = this;
    splitPreActivation(theta, base, grid, u, v);
    for (let o = 0; o < grid.outerCount; o++) {
      outerSin[o] = Math.sin(u[o]);
      outerCos[o] = Math.cos(u[o]);
    }
    for (let i = 0; i < grid.innerCount; i++) {
      innerSin[i] = Math.sin(v[i]);
      innerCos[i] = Math.cos(v[i]);
    }
  }
}
