/**
 * A finite entropy-regularised MDP: the quadrature discretisation of an environment
 * (docs/math.md §5), with S = stateCount states and K = actionCount action nodes.
 * All arrays are row-major; the action index runs fastest.
 */
export interface DiscreteMdp {
  readonly stateCount: number;
  readonly actionCount: number;
  /** Discount γ ∈ [0, 1). */
  readonly gamma: number;
  /**
   * (S·K)×S: row i·K + k is P(·|s_i, a_k); every row sums to 1, or to 1 minus the probability of
   * reaching a terminal state (the implicit absorbing state of value 0, see TerminalRouting). Empty (length 0) when the kernel
   * is given by `sparseTransition` instead.
   */
  readonly transition: Float64Array;
  /** The kernel with few nonzeros per row (interpolated deterministic dynamics); replaces `transition`. */
  readonly sparseTransition?: SparseTransition;
  /**
   * When the states are the nodes of a tensor grid (row-major, the last dimension fastest): the nodes
   * per dimension. Lets the sparse solver weigh orderings along each dimension (bellman-solver-choice.ts).
   */
  readonly stateGrid?: readonly number[];
  /** S×K: r(s_i, a_k). */
  readonly reward: Float64Array;
  /** S: the initial law ρ on the state nodes; sums to 1. */
  readonly initial: Float64Array;
  /** K: μ-quadrature weights ω_k of the action nodes; sum to 1 (π(a_k|s_i) mass = ω_k e^{ℓ_ik}). */
  readonly actionWeights: Float64Array;
}

/**
 * A transition kernel with at most `width` nonzeros per row, in fixed-width (ELLPACK) layout:
 * row r = i·K + k holds entries r·width … (r+1)·width − 1; unused slots have value 0.
 */
export interface SparseTransition {
  readonly width: number;
  /** (S·K)×width: next-state indices j. */
  readonly columns: Int32Array;
  /** (S·K)×width: probabilities P[(i,k)→j]; each row sums to 1 (less the terminating probability). */
  readonly values: Float64Array;
}

/**
 * Σ_j P(j | s_i, a_k) V_j for the row ik = i·K + k, from the dense or the sparse kernel; summed in
 * the row's order, so every Bellman update that uses it rounds alike.
 */
export function expectedNextValue(mdp: DiscreteMdp, ik: number, V: Float64Array): number {
  const sparse = mdp.sparseTransition;
  let sum = 0;
  if (sparse === undefined) {
    const S = mdp.stateCount;
    const row = ik * S;
    for (let j = 0; j < S; j++) sum += mdp.transition[row + j] * V[j];
  } else {
    for (let e = ik * sparse.width; e < (ik + 1) * sparse.width; e++) sum += sparse.values[e] * V[sparse.columns[e]];
  }
  return sum;
}
