/**
 * The tensor-product structure of a point set: point j = o·innerCount + i has features
 * x_j = [outer_o, inner_i] (outer: count×outerDim, inner: count×innerDim, row-major).
 * Grid evaluators expose it (outer = state nodes, inner = action nodes) so backends can compute
 * per-particle partial sums once per node instead of once per point.
 */
export interface ProductStructure {
  readonly outerCount: number;
  readonly outerDim: number;
  readonly outer: Float64Array;
  readonly innerCount: number;
  readonly innerDim: number;
  readonly inner: Float64Array;
}

/** M feature vectors x_j ∈ R^p at which the network is evaluated; `data` is M×p row-major. */
export interface PointSet {
  readonly count: number;
  readonly dim: number;
  readonly data: Float64Array;
  readonly product?: ProductStructure;
}
