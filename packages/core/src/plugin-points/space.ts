/**
 * A state or action space (docs/math.md §1).
 * - `torus`: the unit torus [0,1)^dim, coordinates taken modulo 1;
 * - `box`: the product of intervals [low_k, high_k];
 * - `euclidean`: R^dim;
 * - `finite`: the points {0, …, size−1} (dim = 1), with counting measure.
 */
export type Space =
  | { readonly kind: 'torus'; readonly dim: number }
  | { readonly kind: 'box'; readonly dim: number; readonly low: readonly number[]; readonly high: readonly number[] }
  | { readonly kind: 'euclidean'; readonly dim: number }
  | { readonly kind: 'finite'; readonly dim: 1; readonly size: number };
