import type { Environment } from '../plugin-points/environment';
import type { Random } from '../plugin-points/random';
import { type EnvironmentCheck, runEnvironmentCheck } from './environment-check-definition';
import { ENVIRONMENT_CHECKS } from './environment-checks';
import { buildProbeSet } from './probe-set';

export type { CheckStatus, EnvironmentCheck } from './environment-check-definition';

export interface EnvironmentReport {
  readonly env: string;
  readonly checks: readonly EnvironmentCheck[];
  /** True when no check failed (skipped checks do not fail). */
  readonly passed: boolean;
}

export interface CheckEnvironmentOptions {
  /** States (from ρ and short trajectories) and actions probed for finiteness, lengths and spaces. Default 64. */
  readonly samples?: number;
  /** (s, a) pairs whose transition density is integrated and compared with the sampler. Default 4. */
  readonly pairs?: number;
  /** Draws per pair for the sampler-vs-density moment check. Default 4000. */
  readonly momentSamples?: number;
  /** Allowed |∫p − 1| beyond the quadrature's own error estimate. Default 1e-3. */
  readonly tolerance?: number;
}

/**
 * Checks a user's environment against the contract of the Environment plugin point (Gymnasium's
 * env_checker in spirit): finite rewards and features, feature length, separable features equal to
 * `features`, densities that integrate to 1 (quadrature with refinement on tori, boxes and finite
 * spaces; importance sampling on euclidean spaces), samples inside their spaces, seed determinism,
 * and a transition (and initial) sampler whose moments match its density within
 * 5 standard errors of the sample size, and grid values that respect the bound the rewards allow.
 * Every check of `ENVIRONMENT_CHECKS` runs over one probe set drawn from `rng`. Exceptions
 * thrown by the environment fail the check.
 */
export function checkEnvironment(env: Environment, rng: Random, options: CheckEnvironmentOptions = {}): EnvironmentReport {
  const probes = buildProbeSet(env, rng, {
    samples: options.samples ?? 64,
    pairs: options.pairs ?? 4,
    momentSamples: options.momentSamples ?? 4000,
    tolerance: options.tolerance ?? 1e-3,
  });
  const checks = ENVIRONMENT_CHECKS.map((check) => runEnvironmentCheck(check, probes));
  return { env: env.id, checks, passed: checks.every((check) => check.status !== 'fail') };
}
