import { discretizeEnvironment } from '../evaluators/discretize-environment';
import { softValueIteration } from '../evaluators/soft-value-iteration';
import type { Environment } from '../plugin-points/environment';
import type { CheckStatus, EnvironmentCheckDefinition } from './environment-check-definition';
import { fmt } from './probe-set';

/** Entropy strength of the bound check: small, so V*_τ is close to the unregularised optimum. */
const BOUND_CHECK_TAU = 1e-3;
/** Grids larger than this many dense transition entries (S²K) are not built by the checker. */
const BOUND_CHECK_DENSE_LIMIT = 2e7;

/**
 * No discounted value may exceed what the rewards allow (docs/math.md §1, §8): the soft optimum on
 * the environment's grid satisfies V*_τ ≤ V*_0 ≤ B with B = `valueBound` when declared (e.g. a goal
 * reward paid once), else max r/(1−γ) over the grid's rewards. A grid value above B means the grid
 * MDP collects a reward it should not, typically an absorbing goal smeared over non-goal nodes by
 * interpolation when the environment does not declare `isTerminal`.
 */
function valueBoundCheck(env: Environment): [CheckStatus, string] {
  if (env.nextState === undefined && (env.transitionDensity === undefined || env.initialDensity === undefined)) {
    return ['skip', 'no densities or nextState: the environment has no grid to check'];
  }
  if (env.stateSpace.kind === 'euclidean') return ['skip', 'unbounded state space: no grid'];
  const states = env.defaultGrid?.states ?? 16;
  const actions = env.defaultGrid?.actions ?? 8;
  const stateCount = env.stateSpace.kind === 'finite' ? env.stateSpace.size : states ** env.stateSpace.dim;
  const actionCount = env.actionSpace.kind === 'finite' ? env.actionSpace.size : actions ** env.actionSpace.dim;
  if (env.nextState === undefined && stateCount * stateCount * actionCount > BOUND_CHECK_DENSE_LIMIT) {
    return ['skip', `the ${stateCount}-state grid is too large for a dense check`];
  }
  const { mdp } = discretizeEnvironment(env, states, actions);
  const optimum = softValueIteration(mdp, BOUND_CHECK_TAU, { tolerance: 1e-9 });
  let largestReward = -Infinity;
  for (const r of mdp.reward) largestReward = Math.max(largestReward, r);
  const bound = env.valueBound ?? largestReward / (1 - env.gamma);
  let largest = -Infinity;
  let where = 0;
  for (let i = 0; i < optimum.V.length; i++) {
    if (optimum.V[i] > largest) {
      largest = optimum.V[i];
      where = i;
    }
  }
  // V* is computed to 1e-9 (absolute); allow that plus round-off relative to the bound.
  const slack = 1e-9 + 1e-12 * Math.abs(bound);
  const source = env.valueBound === undefined ? `max r/(1−γ) = ${fmt(bound)}` : `valueBound = ${fmt(bound)}`;
  const detail = `max V*(s) = ${fmt(largest)} on the ${mdp.stateCount}×${mdp.actionCount} grid (τ = ${BOUND_CHECK_TAU}), bound ${source}`;
  return largest <= bound + slack ? ['pass', detail] : ['fail', `${detail}, exceeded at state node ${where}: declare isTerminal for absorbing goals`];
}

/** Solves the environment's grid MDP (value iteration): not cheap. */
export const valueWithinRewardBound: EnvironmentCheckDefinition = {
  name: 'discounted values within the reward bound',
  cheap: false,
  run({ env, points }) {
    return points.every(([s, a]) => rewardIsFinite(env, s, a)) ? valueBoundCheck(env) : ['skip', 'rewards are not finite (see "rewards finite")'];
  },
};

/** False also when reward throws: that is the 'rewards finite' check's failure to report, not this one's. */
function rewardIsFinite(env: Environment, s: Float64Array, a: Float64Array): boolean {
  try {
    return Number.isFinite(env.reward(s, a));
  } catch {
    return false;
  }
}
