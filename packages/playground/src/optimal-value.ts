/** V*(ρ), the bound the page draws under F: the regularised optimum of the evaluation grid's MDP. */
import { type DiscretizedEnvironment, Evaluator, type RunConfig, softValueIteration } from '@mfpg/core';

/** The last optimum computed, per environment section and τ (a new run forgets it: forgetOptimalValue). */
let cached: { key: string; value: number } | undefined;

/**
 * The entropy-regularised optimum V*(ρ) = Σ_i ρ_i V*(s_i) of the quadrature grid's MDP, by soft
 * value iteration (docs/math.md §1, §5): the value no policy, hence no F(ν), exceeds on that grid.
 * Absent without grid evaluation (e.g. B4's Monte Carlo).
 */
export function optimalValue(container: { get<T>(token: symbol): T }, config: RunConfig): number | undefined {
  const discretization = container.get<{ discretization?: DiscretizedEnvironment }>(Evaluator).discretization;
  if (discretization === undefined) return undefined;
  const tau = config.regularization.tau;
  const key = JSON.stringify([config.env, tau]);
  if (cached?.key !== key) {
    // 1e-10: far below the 6 digits shown, reached in a few hundred sweeps for γ ≤ 0.99.
    const { V } = softValueIteration(discretization.mdp, tau, { tolerance: 1e-10 });
    let value = 0;
    for (let i = 0; i < V.length; i++) value += discretization.mdp.initial[i] * V[i];
    cached = { key, value };
  }
  return cached.value;
}

/** A new run (its environment may be edited code under the same section): compute V*(ρ) afresh. */
export function forgetOptimalValue(): void {
  cached = undefined;
}
