/**
 * Nodes and weights: ∫ h dm ≈ Σ_j weights[j] · h(nodes[j]).
 * `nodes` is count×dim row-major.
 */
export interface QuadratureRule {
  readonly count: number;
  readonly dim: number;
  readonly nodes: Float64Array;
  readonly weights: Float64Array;
}
