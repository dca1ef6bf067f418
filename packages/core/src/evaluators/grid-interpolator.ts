import type { QuadratureRule } from '../plugin-points/quadrature-rule';
import type { Space } from '../plugin-points/space';

/**
 * Multilinear interpolation on a tensor state grid (docs/math.md §5, deterministic dynamics): a point
 * y ∈ R^d is written as Σ_corners w_c δ_{s_c} over the 2^d nodes of the grid cell containing it,
 * with w_c = Π_dims (1 − t) or t, so that Σ w_c = 1, w_c ≥ 0 and Σ w_c s_c = y (linear functions
 * are reproduced exactly; the interpolation error of a smooth V is O(h²)).
 * Periodic coordinates wrap (the cell between the last node and the first node + period);
 * other coordinates are clipped to [first node, last node].
 */
export class GridInterpolator {
  /** Nonzeros per interpolated point: 2^d. */
  readonly width: number;
  readonly dim: number;
  /** Per dimension: ascending node coordinates, and the index stride of that dimension. */
  private readonly axes: Float64Array[];
  private readonly strides: Int32Array;
  private readonly periods: Float64Array;
  private readonly lower: Int32Array;
  private readonly upper: Int32Array;
  private readonly fraction: Float64Array;

  /**
   * @param nodes the state grid, a tensor product of one rule per dimension with equal node counts
   *   and the last coordinate varying fastest (as {@link stateQuadrature} builds it)
   * @param periods per dimension, the period (> 0) of a periodic coordinate or 0
   */
  constructor(nodes: QuadratureRule, nodesPerDim: number, periods: readonly number[]) {
    const d = nodes.dim;
    if (periods.length !== d) throw new Error(`GridInterpolator: need ${d} periods (one per state coordinate), got ${periods.length}`);
    if (nodes.count !== nodesPerDim ** d) throw new Error(`GridInterpolator: expected ${nodesPerDim}^${d} nodes, got ${nodes.count}`);
    this.dim = d;
    this.width = 2 ** d;
    this.strides = new Int32Array(d);
    this.axes = [];
    for (let c = 0; c < d; c++) {
      const stride = nodesPerDim ** (d - 1 - c);
      this.strides[c] = stride;
      const axis = new Float64Array(nodesPerDim);
      for (let j = 0; j < nodesPerDim; j++) axis[j] = nodes.nodes[j * stride * d + c];
      for (let j = 1; j < nodesPerDim; j++) if (!(axis[j] > axis[j - 1])) throw new Error(`GridInterpolator: nodes of dimension ${c} are not increasing`);
      if (periods[c] > 0 && nodesPerDim > 1 && !(axis[nodesPerDim - 1] < axis[0] + periods[c])) {
        throw new Error(`GridInterpolator: nodes of periodic dimension ${c} span more than one period ${periods[c]}`);
      }
      this.axes.push(axis);
    }
    this.periods = Float64Array.from(periods);
    this.lower = new Int32Array(d);
    this.upper = new Int32Array(d);
    this.fraction = new Float64Array(d);
  }

  /** Writes the 2^d node indices and weights of y into columns/values[offset … offset + width). */
  interpolate(y: ArrayLike<number>, columns: Int32Array, values: Float64Array, offset: number): void {
    const { dim, axes, periods, lower, upper, fraction, strides } = this;
    for (let c = 0; c < dim; c++) {
      const axis = axes[c];
      const n = axis.length;
      const period = periods[c];
      let x = y[c];
      if (!Number.isFinite(x)) throw new Error(`GridInterpolator: coordinate ${c} of the point is ${x}`);
      if (period > 0) x = axis[0] + (((x - axis[0]) % period) + period) % period;
      else x = Math.min(Math.max(x, axis[0]), axis[n - 1]);
      // The largest j with axis[j] ≤ x (binary search; x ≥ axis[0] here up to the modulo's round-off).
      let lo = 0;
      let hi = n - 1;
      if (x >= axis[n - 1]) lo = n - 1;
      else {
        while (hi - lo > 1) {
          const mid = (lo + hi) >> 1;
          if (axis[mid] <= x) lo = mid;
          else hi = mid;
        }
      }
      if (lo === n - 1) {
        // Past the last node: the wrap-around cell when periodic, else x is the last node itself.
        if (period > 0 && n > 1) {
          lower[c] = n - 1;
          upper[c] = 0;
          fraction[c] = (x - axis[n - 1]) / (axis[0] + period - axis[n - 1]);
        } else {
          lower[c] = n - 1;
          upper[c] = n - 1;
          fraction[c] = 0;
        }
      } else {
        lower[c] = lo;
        upper[c] = lo + 1;
        fraction[c] = Math.min(1, Math.max(0, (x - axis[lo]) / (axis[lo + 1] - axis[lo])));
      }
    }
    for (let corner = 0; corner < this.width; corner++) {
      let index = 0;
      let weight = 1;
      for (let c = 0; c < dim; c++) {
        const high = (corner >> c) & 1;
        index += (high ? upper[c] : lower[c]) * strides[c];
        weight *= high ? fraction[c] : 1 - fraction[c];
      }
      columns[offset + corner] = index;
      values[offset + corner] = weight;
    }
  }
}

/** The periods an interpolated kernel uses on `space`: 1 on tori, `declared` (or all 0) on boxes, 0 on finite spaces. */
export function interpolationPeriods(space: Space, declared: readonly number[] | undefined): number[] {
  switch (space.kind) {
    case 'torus':
      return new Array<number>(space.dim).fill(1);
    case 'box':
      return declared ? [...declared] : new Array<number>(space.dim).fill(0);
    default:
      return new Array<number>(space.dim).fill(0);
  }
}
