import { describe, expect, it } from 'vitest';
import { PluginError } from '../errors';
import { GridEvaluator } from '../evaluators/grid-evaluator';
import { cosineTorus, cosineTorusDraw } from '../evaluators/testing/cosine-torus';
import { createRandom } from '../math/random';
import type { Environment } from '../plugin-points/environment';
import type { Random } from '../plugin-points/random';
import { checkEnvironment } from './check-environment';
import { ENVIRONMENT_CHECKS } from './environment-checks';
import { GUARD_CHECKS, guardEnvironment } from './environment-guard';

const TWO_PI = 2 * Math.PI;

const failing = (env: Environment) =>
  checkEnvironment(env, createRandom(3))
    .checks.filter((check) => check.status === 'fail')
    .map((check) => check.name);
const guard = (env: Environment) => guardEnvironment(env, new GridEvaluator(env, { tau: 0.1, statesPerDim: 16, actionsPerDim: 8 }), createRandom(3).split());

describe('the environment guard runs the cheap checks of the checker', () => {
  it('its checks are exactly the cheap subset of the checker’s list, in the list’s order', () => {
    expect(GUARD_CHECKS).toEqual(ENVIRONMENT_CHECKS.filter((check) => check.cheap));
    // Both kinds exist: the guard is neither empty nor the whole checker.
    expect(GUARD_CHECKS.length).toBeGreaterThan(0);
    expect(GUARD_CHECKS.length).toBeLessThan(ENVIRONMENT_CHECKS.length);
    expect(new Set(ENVIRONMENT_CHECKS.map((check) => check.name)).size).toBe(ENVIRONMENT_CHECKS.length);
  });

  it('a correct environment: the guard runs every cheap check, the checker every check, none fails', () => {
    const env = cosineTorus();
    expect(guard(env)).toEqual(ENVIRONMENT_CHECKS.filter((check) => check.cheap).map((check) => check.name));
    const report = checkEnvironment(env, createRandom(3));
    expect(report.checks.map((check) => check.name)).toEqual(ENVIRONMENT_CHECKS.map((check) => check.name));
    // It declares no separable features: that check alone does not apply.
    expect(report.checks.filter((check) => check.status !== 'pass').map((check) => `${check.name}: ${check.status}`)).toEqual(['separable features agree with features: skip']);
  });

  it('a failure only a costly check sees (sampler vs density) passes the guard and fails the checker', () => {
    // Shifted by 1/4 against its density: E[cos 2πs'] moves by ~0.3, about 30 standard errors at 4000 draws.
    const env = { ...cosineTorus(), sampleNextState: (s: ArrayLike<number>, a: ArrayLike<number>, rng: Random, out: Float64Array) => void (out[0] = cosineTorusDraw(rng, 0.6, s[0] + 0.25 + 0.2 * Math.sin(TWO_PI * a[0])) % 1) };
    expect(ENVIRONMENT_CHECKS.find((check) => check.name === 'transition sampler matches its density')?.cheap).toBe(false);
    expect(() => guard(env)).not.toThrow();
    expect(failing(env)).toEqual(['transition sampler matches its density']);
  });

  it('a failure a cheap check sees (randomness outside the seed) fails both, the guard with a PluginError naming the check', () => {
    const env = { ...cosineTorus(), sampleInitialState: (_rng: Random, out: Float64Array) => void (out[0] = Math.random()) };
    expect(() => guard(env)).toThrow(PluginError);
    expect(() => guard(env)).toThrow(/environment 'test-torus': seed determinism: two runs from the same seed differ/);
    // Uniform instead of ρ: E[cos 2πs] = 0 instead of 0.25, ~20 standard errors at 4000 draws.
    expect(failing(env)).toEqual(['initial sampler matches its density', 'seed determinism']);
  });
});
