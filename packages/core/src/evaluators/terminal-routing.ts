import { PluginError } from '../errors';
import type { Environment } from '../plugin-points/environment';
import type { QuadratureRule } from '../plugin-points/quadrature-rule';

/**
 * Terminal (absorbing) states on a grid (docs/math.md §5, §8). Reaching a terminal state ends the
 * episode: from there on no reward and no entropy cost, so its value is exactly 0. The finite MDP
 * represents that one exact absorbing state implicitly: transition weight that lands on a terminal
 * point is removed from the row (routed to the absorbing state, whose value 0 contributes nothing
 * to PV), so rows of P sum to 1 − (the probability of terminating). The soft Bellman equations
 * (I − γP_π)V = r_π − τKL_π and d(I − γP_π) = (1−γ)ρ keep their form, and the occupancy d sums to
 * the discounted probability of not yet having terminated. Without this, interpolating a step onto
 * a grid spreads an absorbing goal over nodes that are not goal states, and the grid MDP collects
 * the goal reward again and again (MountainCar's grid V* was 697.5 although no return exceeds 100).
 */
export class TerminalRouting {
  /** S: 1 where the state node s_i is terminal. */
  readonly terminalNode: Uint8Array;

  private constructor(
    private readonly env: Environment,
    terminalNode: Uint8Array,
  ) {
    this.terminalNode = terminalNode;
  }

  /** The routing of env on these state nodes, or undefined when env declares no terminal states. */
  static of(env: Environment, stateNodes: QuadratureRule): TerminalRouting | undefined {
    const isTerminal = env.isTerminal;
    if (isTerminal === undefined) return undefined;
    const dim = stateNodes.dim;
    const flags = new Uint8Array(stateNodes.count);
    for (let i = 0; i < stateNodes.count; i++) flags[i] = terminalFlag(env, stateNodes.nodes.subarray(i * dim, (i + 1) * dim));
    return new TerminalRouting(env, flags);
  }

  /** Whether the (off-grid) point s is terminal. */
  isTerminal(s: ArrayLike<number>): boolean {
    return terminalFlag(this.env, s) === 1;
  }

  /**
   * Routes the weights of one sparse row to the absorbing state: all of them when the exact next
   * state `next` is terminal, else those on terminal nodes. Routed slots keep their column and get
   * weight 0 (the ELLPACK layout's unused slot).
   */
  routeSparseRow(next: ArrayLike<number>, columns: Int32Array, values: Float64Array, offset: number, width: number): void {
    const all = this.isTerminal(next);
    for (let e = offset; e < offset + width; e++) if (all || this.terminalNode[columns[e]] === 1) values[e] = 0;
  }

  /** Routes the weight of a dense row P[(i,k)→·] (length S, from `offset`) on terminal nodes. */
  routeDenseRow(row: Float64Array, offset: number): void {
    const { terminalNode } = this;
    for (let j = 0; j < terminalNode.length; j++) if (terminalNode[j] === 1) row[offset + j] = 0;
  }
}

/** 1 when env declares s terminal, else 0; a PluginError when `isTerminal` returns a non-boolean. Requires env.isTerminal. */
export function terminalFlag(env: Environment, s: ArrayLike<number>): 0 | 1 {
  const flag = (env.isTerminal as (s: ArrayLike<number>) => unknown).call(env, s);
  if (typeof flag !== 'boolean') throw new PluginError(`environment '${env.id}'`, `isTerminal returned ${String(flag)} at s = [${Array.from(s)}]; it must return true or false`);
  return flag ? 1 : 0;
}
