import type { ProductStructure } from '@mfpg/core';
import { splitPreActivation } from './product-grid-pre-activation';
import { withCapacity } from './scratch';

/**
 * Every particle's factors for the sine product-grid kernels' addition formulas: u_o, v_i
 * (splitPreActivation) and sin u_o, cos u_o at outerSin[n·O + o], outerCos[n·O + o], sin v_i, cos v_i
 * at innerSin[n·I + i], innerCos[n·I + i] for particle n — 2N(O + I) sin/cos calls at one θ, which
 * the forward and the drift both read, after which each pair costs multiply-adds only. Buffers grow
 * with the largest N·grid so far and are kept between calls.
 */
export class SineFactors {
  private u = new Float64Array(0);
  private v = new Float64Array(0);
  outerSin = new Float64Array(0);
  outerCos = new Float64Array(0);
  innerSin = new Float64Array(0);
  innerCos = new Float64Array(0);

  /** The factors of the first `particleCount` particles of θ (rows of `parameterDim`) on `grid`. */
  fill(theta: Float64Array, particleCount: number, parameterDim: number, grid: ProductStructure): void {
    const { outerCount, innerCount } = grid;
    const u = (this.u = withCapacity(this.u, outerCount));
    const v = (this.v = withCapacity(this.v, innerCount));
    const outerSin = (this.outerSin = withCapacity(this.outerSin, particleCount * outerCount));
    const outerCos = (this.outerCos = withCapacity(this.outerCos, particleCount * outerCount));
    const innerSin = (this.innerSin = withCapacity(this.innerSin, particleCount * innerCount));
    const innerCos = (this.innerCos = withCapacity(this.innerCos, particleCount * innerCount));
    for (let n = 0, outerAt = 0, innerAt = 0; n < particleCount; n++, outerAt += outerCount, innerAt += innerCount) {
      splitPreActivation(theta, n * parameterDim, grid, u, v);
      for (let o = 0; o < outerCount; o++) {
        outerSin[outerAt + o] = Math.sin(u[o]);
        outerCos[outerAt + o] = Math.cos(u[o]);
      }
      for (let i = 0; i < innerCount; i++) {
        innerSin[innerAt + i] = Math.sin(v[i]);
        innerCos[innerAt + i] = Math.cos(v[i]);
      }
    }
  }
}
