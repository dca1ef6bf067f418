import { densityIntegral, momentCheck } from './density-estimates';
import type { EnvironmentCheckDefinition } from './environment-check-definition';
import { fmt } from './probe-set';

/**
 * The checks on ρ and P(·|s,a): densities integrate to 1 (cheap: a converged quadrature, or skipped
 * where only importance sampling could tell and the probe set allows none), and samplers whose
 * moments match their densities (statistical, `momentSamples` draws: not cheap).
 */

/** z-scores beyond this fail a moment check: P(|Z| > 5) ≈ 6e-7 per comparison for a correct sampler. */
const Z_LIMIT = 5;
const NO_QUADRATURE = 'no quadrature covers the state space and importance sampling is off';

export const initialDensityNormalises: EnvironmentCheckDefinition = {
  name: 'initial density normalises',
  cheap: true,
  run({ env, rng, options }) {
    const initialDensity = env.initialDensity?.bind(env);
    if (!initialDensity) return ['skip', 'no initialDensity (sampler-only: Monte Carlo evaluation only)'];
    const integral = densityIntegral(env.stateSpace, initialDensity, (out) => env.sampleInitialState(rng, out), rng, options.momentSamples);
    if (!integral) return ['skip', NO_QUADRATURE];
    const detail = `∫ρ ds = ${fmt(integral.mass)} (${integral.method})`;
    return Math.abs(integral.mass - 1) <= options.tolerance + integral.error ? ['pass', detail] : ['fail', `${detail}: initialDensity integrates to ${fmt(integral.mass)}, not 1`];
  },
};

export const transitionDensityNormalises: EnvironmentCheckDefinition = {
  name: 'transition density normalises',
  cheap: true,
  run({ env, rng, options, pairs }) {
    const transitionDensity = env.transitionDensity?.bind(env);
    if (!transitionDensity) return ['skip', 'no transitionDensity (sampler-only: Monte Carlo evaluation only)'];
    let worst = { error: -1, mass: 0, detail: '' };
    for (const [s, a] of pairs) {
      const integral = densityIntegral(env.stateSpace, (next) => transitionDensity(s, a, next), (out) => env.sampleNextState(s, a, rng, out), rng, options.momentSamples);
      if (!integral) return ['skip', NO_QUADRATURE];
      // A NaN mass (a density returning NaN) must fail, not slip past the comparisons below.
      const excess = Number.isFinite(integral.mass) ? Math.abs(integral.mass - 1) - integral.error : Infinity;
      if (excess > worst.error) worst = { error: excess, mass: integral.mass, detail: `worst at s = [${s}], a = [${a}]: ∫p(s'|s,a) ds' = ${fmt(integral.mass)} (${integral.method})` };
    }
    return worst.error <= options.tolerance
      ? ['pass', `${pairs.length} (s,a) pairs; ${worst.detail}`]
      : ['fail', `${worst.detail}: transitionDensity(·|s,a) integrates to ${fmt(worst.mass)}, not 1`];
  },
};

export const transitionSamplerMatchesDensity: EnvironmentCheckDefinition = {
  name: 'transition sampler matches its density',
  cheap: false,
  run({ env, rng, options, pairs }) {
    const transitionDensity = env.transitionDensity?.bind(env);
    if (!transitionDensity) return ['skip', 'no transitionDensity to compare with'];
    const n = options.momentSamples;
    let worst = { z: -1, detail: '' };
    for (const [s, a] of pairs) {
      const result = momentCheck(env.stateSpace, (next) => transitionDensity(s, a, next), (out) => env.sampleNextState(s, a, rng, out), rng, n);
      const z = Number.isNaN(result.z) ? Infinity : result.z;
      if (z > worst.z) worst = { z, detail: `worst at s = [${s}], a = [${a}]: ${result.detail}` };
    }
    return [worst.z <= Z_LIMIT ? 'pass' : 'fail', `${n} draws per pair, |z| ≤ ${Z_LIMIT} allowed; ${worst.detail}`];
  },
};

export const initialSamplerMatchesDensity: EnvironmentCheckDefinition = {
  name: 'initial sampler matches its density',
  cheap: false,
  run({ env, rng, options }) {
    const initialDensity = env.initialDensity?.bind(env);
    if (!initialDensity) return ['skip', 'no initialDensity to compare with'];
    const n = options.momentSamples;
    const result = momentCheck(env.stateSpace, initialDensity, (out) => env.sampleInitialState(rng, out), rng, n);
    return [result.z <= Z_LIMIT ? 'pass' : 'fail', `${n} draws, |z| ≤ ${Z_LIMIT} allowed; ${result.detail}`];
  },
};
