import { z } from 'zod';
import type { PolicyEvaluation } from '../plugin-points/evaluator';

// What a Monte Carlo evaluation is: its sample sizes (the config's `evaluator.params` and the
// evaluator's options) and the unbiased estimates it returns. MonteCarloEvaluator computes it.

const positiveInteger = (what: string, min = 1) =>
  z.number({ error: `an integer ≥ ${min} (${what})` }).int({ error: `an integer ≥ ${min} (${what})` }).min(min, { error: `an integer ≥ ${min} (${what})` });

/** `evaluator.params` of `monte-carlo`: sample sizes; M = states·actionsPerState points per step. */
export const MonteCarloEvaluatorParams = z
  .object({
    states: positiveInteger('states sampled from the occupancy measure per evaluation').default(256),
    actionsPerState: positiveInteger('actions sampled per state; the baseline needs at least 2', 2).default(4),
    horizonSamples: positiveInteger('geometric-horizon rollouts averaged into each Q estimate').default(1),
    proposalBatch: positiveInteger('actions proposed per forward call of the rejection sampler').optional(),
  })
  .strict();
export type MonteCarloEvaluatorParams = z.infer<typeof MonteCarloEvaluatorParams>;

/** Options of {@link MonteCarloEvaluator} (config: `evaluator.params`, see {@link MonteCarloEvaluatorParams}). */
export interface MonteCarloEvaluatorOptions {
  /** Entropy strength τ > 0. */
  readonly tau: number;
  /** S: states sampled from the occupancy d^π_ρ per evaluation. */
  readonly states: number;
  /** K ≥ 2: actions sampled from π(·|s) at each state (the baseline needs two). */
  readonly actionsPerState: number;
  /** R: independent geometric-horizon rollouts averaged into each Q̂(s, a). */
  readonly horizonSamples: number;
  /** Proposals per forward call of the rejection sampler (a fixed point count); default min(256, S·K). */
  readonly proposalBatch?: number;
}

/**
 * A Monte Carlo evaluation: S·K sampled points x(s_i, a_ik) (point j = i·K + k) with weights W_j
 * such that E[Σ_j W_j ∇_θφ(θ, x_j)] = D F(ν, θ) and E[value] = F(ν) exactly. Buffers are live and
 * overwritten by the next `evaluate`: copy what you keep.
 */
export interface MonteCarloPolicyEvaluation extends PolicyEvaluation {
  /**
   * S×dS: s_i ~ d^π_ρ. Where `terminated[i]` is 1 the draw fell on the absorbing state (the
   * trajectory entered a terminal state before its geometric time): row i then holds the terminal
   * state it entered, and its K points carry no weight.
   */
  readonly states: Float64Array;
  /**
   * S: 1 where draw i is the absorbing state (d^π_ρ has mass 1 − (discounted probability of having
   * terminated) on the real states, as the grid's occupancy). Its points are x = 0, its actions 0,
   * its Q̂, logits and weights 0. All 0 for environments without `isTerminal`.
   */
  readonly terminated: Uint8Array;
  /** (S·K)×dA: a_ik ~ π(·|s_i) (0 for a terminated draw). */
  readonly actions: Float64Array;
  /** S·K: Q̂(s_i, a_ik), unbiased for the soft Q^π (0 for a terminated draw). */
  readonly qHat: Float64Array;
  /** S·K: f_ν(s_i, a_ik) (0 for a terminated draw). */
  readonly logits: Float64Array;
  /** M ≥ sup f used for rejection. */
  readonly logitBound: number;
  /** Accepted / proposed actions of this evaluation (expected value Z e^{−M} averaged). */
  readonly acceptanceRate: number;
}
