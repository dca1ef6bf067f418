import type { StepEvent } from '../plugin-points/step-event';
import type { DiscreteMdp } from './discrete-mdp';
import { softValueIteration } from './soft-value-iteration';

/** Sup-norm accuracy of V* for the reference optimum of a run: far below any F a flow reaches. */
const OPTIMUM_TOLERANCE = 1e-9;

/** The soft optimum of a grid MDP as a reference for the flow (docs/math.md §1, §5). */
export interface GridOptimum {
  /** V*(ρ) = Σ_i ρ_i V*(s_i): no policy on this grid has a larger value F. */
  readonly value: number;
  /** max_i V*(s_i). */
  readonly maxStateValue: number;
  readonly tau: number;
  readonly stateCount: number;
  readonly actionCount: number;
  /** Soft value iteration updates. */
  readonly iterations: number;
  /** Sup-norm accuracy of V* (so of V*(ρ)). */
  readonly tolerance: number;
  readonly seconds: number;
}

/** The grid MDP behind a step's evaluation, when the grid evaluator produced it (else undefined). */
export function gridMdpOf(event: StepEvent): DiscreteMdp | undefined {
  return (event.evaluation as { discretization?: { mdp?: DiscreteMdp } }).discretization?.mdp;
}

const cache = new WeakMap<DiscreteMdp, Map<number, GridOptimum>>();

/**
 * V*(ρ) on the grid MDP by soft value iteration to 1e-9 (docs/math.md §1): the value the flow's
 * F(ν_t) approaches from below as t → ∞ when the network can represent π*. Cached per MDP object
 * and τ, so a run's metric and its summary share one computation.
 */
export function gridOptimum(mdp: DiscreteMdp, tau: number): GridOptimum {
  let byTau = cache.get(mdp);
  if (byTau === undefined) {
    byTau = new Map();
    cache.set(mdp, byTau);
  }
  const cached = byTau.get(tau);
  if (cached) return cached;
  const started = performance.now();
  const optimum = softValueIteration(mdp, tau, { tolerance: OPTIMUM_TOLERANCE });
  let value = 0;
  let maxStateValue = -Infinity;
  for (let i = 0; i < mdp.stateCount; i++) {
    value += mdp.initial[i] * optimum.V[i];
    maxStateValue = Math.max(maxStateValue, optimum.V[i]);
  }
  const result: GridOptimum = {
    value,
    maxStateValue,
    tau,
    stateCount: mdp.stateCount,
    actionCount: mdp.actionCount,
    iterations: optimum.iterations,
    tolerance: OPTIMUM_TOLERANCE,
    seconds: (performance.now() - started) / 1000,
  };
  byTau.set(tau, result);
  return result;
}
