import { PluginError } from '../errors';
import type { Environment } from '../plugin-points/environment';
import type { Evaluator } from '../plugin-points/evaluator';
import type { PointSet } from '../plugin-points/point-set';
import type { Random } from '../plugin-points/random';
import { runEnvironmentCheck } from './environment-check-definition';
import { ENVIRONMENT_CHECKS } from './environment-checks';
import { buildProbeSet } from './probe-set';

/** The checks the guard runs: the cheap subset of the checker's list, in the same order. */
export const GUARD_CHECKS = ENVIRONMENT_CHECKS.filter((check) => check.cheap);

/**
 * Probes per run: 4 states (and their transitions: up to 8 points), enough to catch a
 * systematically broken plugin, cheap next to one step; 2 pairs whose densities are integrated by
 * converged quadrature; no importance sampling (statistical, left to `mfpg check-env`).
 */
const GUARD_PROBES = { samples: 4, pairs: 2, momentSamples: 0, tolerance: 1e-3 } as const;

/**
 * Checks an environment once, before the first step, so a broken plugin fails with a PluginError
 * naming it instead of producing a NaN trajectory: the cheap checks of `checkEnvironment`
 * ({@link GUARD_CHECKS}: shapes, spaces, features, rewards, densities that integrate to 1 where a
 * quadrature covers the state space (docs/math.md §5), seed determinism) over a small probe set.
 * When the evaluator carries a quadrature grid (`discretization`, the grid evaluator), every reward
 * and feature on it is checked too (O(S·K)). `rng` must be a stream of its own: the run's stream is
 * not touched. Returns the names of the checks run (all passed or skipped).
 */
export function guardEnvironment(env: Environment, evaluator: Evaluator, rng: Random): readonly string[] {
  const discretization = (evaluator as { discretization?: { mdp?: { reward?: Float64Array; actionCount?: number }; points?: PointSet } }).discretization;
  const grid = discretization && { reward: discretization.mdp?.reward, actionCount: discretization.mdp?.actionCount, points: discretization.points };
  const probes = buildProbeSet(env, rng, GUARD_PROBES, grid);
  for (const check of GUARD_CHECKS) {
    const result = runEnvironmentCheck(check, probes);
    if (result.status === 'fail') throw new PluginError(`environment '${env.id}'`, `${result.name}: ${result.detail}`);
  }
  return GUARD_CHECKS.map((check) => check.name);
}
