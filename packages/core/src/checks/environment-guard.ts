import { PluginError } from '../errors';
import type { Environment } from '../plugin-points/environment';
import type { Evaluator } from '../plugin-points/evaluator';
import type { PointSet } from '../plugin-points/point-set';
import type { Random } from '../plugin-points/random';
import { featureProblem } from './check-environment';
import { integrateDensity } from './density-integral';

/** Points probed once per run: enough to catch a systematically broken plugin, cheap next to one step. */
const PROBES = 8;
/** (s, a) pairs whose transition density is integrated once per run. */
const DENSITY_PROBES = 2;
/** A density whose converged integral is off by more than this (plus the refinement gap) is wrong. */
const MASS_TOLERANCE = 1e-3;

/**
 * Checks an environment once, before the first step, so a broken plugin fails with a PluginError
 * naming it instead of producing a NaN trajectory: features of length featureDim and finite,
 * finite rewards at a few sampled (s, a), and densities that integrate to 1 (where a quadrature
 * covers the state space, docs/math.md §5). When the evaluator carries a quadrature grid
 * (`discretization`, the grid evaluator), every reward and feature on it is checked too (O(S·K)).
 * `rng` must be a stream of its own: the run's stream is not touched.
 */
export function guardEnvironment(env: Environment, evaluator: Evaluator, rng: Random): void {
  const fail = (detail: string) => new PluginError(`environment '${env.id}'`, detail);
  const s = new Float64Array(env.stateSpace.dim);
  const a = new Float64Array(env.actionSpace.dim);
  const next = new Float64Array(env.stateSpace.dim);
  const buffer = new Float64Array(env.featureDim + 2);
  const pairs: [Float64Array, Float64Array][] = [];
  for (let n = 0; n < PROBES; n++) {
    if (n % 2 === 0) env.sampleInitialState(rng, s);
    else s.set(next);
    env.actionMeasure.sample(rng, a, 0);
    const problem = featureProblem(env, s, a, buffer);
    if (problem) throw fail(problem);
    const r = env.reward(s, a);
    if (!Number.isFinite(r)) throw fail(`reward returned ${r} at s = [${s}], a = [${a}]`);
    if (pairs.length < DENSITY_PROBES) pairs.push([Float64Array.from(s), Float64Array.from(a)]);
    env.sampleNextState(s, a, rng, next);
  }

  const { transitionDensity, initialDensity } = env;
  if (initialDensity) {
    const integral = integrateDensity(env.stateSpace, (x) => initialDensity.call(env, x));
    if (integral && !(Math.abs(integral.mass - 1) <= MASS_TOLERANCE + 2 * integral.error)) {
      throw fail(`initialDensity integrates to ${integral.mass} over the state space, not 1`);
    }
  }
  if (transitionDensity) {
    for (const [state, action] of pairs) {
      const integral = integrateDensity(env.stateSpace, (x) => transitionDensity.call(env, state, action, x));
      if (integral && !(Math.abs(integral.mass - 1) <= MASS_TOLERANCE + 2 * integral.error)) {
        throw fail(`transitionDensity(·|s = [${state}], a = [${action}]) integrates to ${integral.mass} over the state space, not 1`);
      }
    }
  }

  const discretization = (evaluator as { discretization?: { mdp?: { reward?: Float64Array; actionCount?: number }; points?: PointSet } }).discretization;
  const rewards = discretization?.mdp?.reward;
  if (rewards) {
    const index = rewards.findIndex((r) => !Number.isFinite(r));
    const actions = discretization?.mdp?.actionCount ?? 1;
    if (index >= 0) throw fail(`reward returned ${rewards[index]} at grid state node ${Math.floor(index / actions)}, action node ${index % actions}`);
  }
  const points = discretization?.points;
  if (points) {
    const index = points.data.findIndex((x) => !Number.isFinite(x));
    if (index >= 0) throw fail(`features returned ${points.data[index]} at grid point ${Math.floor(index / points.dim)}, coordinate ${index % points.dim}`);
  }
}
