import { discretizeEnvironment } from '../evaluators/discretize-environment';
import { softValueIteration } from '../evaluators/soft-value-iteration';
import { XoroshiroRandom } from '../math/random';
import type { Environment } from '../plugin-points/environment';
import type { Random } from '../plugin-points/random';
import type { Space } from '../plugin-points/space';
import { integrateDensity, momentFunctions } from './density-integral';
import { inSpace } from './space-membership';

export type CheckStatus = 'pass' | 'fail' | 'skip';

/** One check of {@link checkEnvironment}: what was checked and what was found. */
export interface EnvironmentCheck {
  readonly name: string;
  readonly status: CheckStatus;
  readonly detail: string;
}

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

/** z-scores beyond this fail a moment check: P(|Z| > 5) ≈ 6e-7 per comparison for a correct sampler. */
const Z_LIMIT = 5;

const fmt = (x: number) => (Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4 ? x.toFixed(5) : x.toExponential(3));

/**
 * Checks a user's environment against the contract of the Environment plugin point (Gymnasium's
 * env_checker in spirit): finite rewards and features, feature length, separable features equal to
 * `features`, densities that integrate to 1 (quadrature with refinement on tori, boxes and finite
 * spaces; importance sampling on euclidean spaces), samples inside their spaces, seed determinism,
 * and a transition (and initial) sampler whose moments match its density within
 * 5 standard errors of the sample size, and grid values that respect the bound the rewards allow.
 * Exceptions thrown by the environment fail the check.
 */
export function checkEnvironment(env: Environment, rng: Random, options: CheckEnvironmentOptions = {}): EnvironmentReport {
  const samples = options.samples ?? 64;
  const pairs = options.pairs ?? 4;
  const momentSamples = options.momentSamples ?? 4000;
  const tolerance = options.tolerance ?? 1e-3;
  const checks: EnvironmentCheck[] = [];
  const run = (name: string, body: () => [CheckStatus, string]) => {
    try {
      const [status, detail] = body();
      checks.push({ name, status, detail });
    } catch (error) {
      checks.push({ name, status: 'fail', detail: `threw ${(error as Error).message}` });
    }
  };
  const dS = env.stateSpace.dim;
  const dA = env.actionSpace.dim;
  const p = env.featureDim;

  run('declared shapes', () => {
    const problems: string[] = [];
    if (!(Number.isInteger(p) && p >= 1)) problems.push(`featureDim = ${p} is not a positive integer`);
    if (env.actionMeasure.dim !== dA) problems.push(`μ has dim ${env.actionMeasure.dim}, the action space ${dA}`);
    if (!(env.gamma >= 0 && env.gamma < 1)) problems.push(`γ = ${env.gamma} is outside [0, 1)`);
    return problems.length ? ['fail', problems.join('; ')] : ['pass', `dS = ${dS}, dA = ${dA}, p = ${p}, γ = ${env.gamma}`];
  });

  // Probe points: s from ρ, then a few steps with actions from μ; a ~ μ at every state.
  const states: Float64Array[] = [];
  const actions: Float64Array[] = [];
  const nextStates: Float64Array[] = [];
  run('initial states lie in S', () => {
    let bad: string | undefined;
    for (let n = 0; n < samples; n++) {
      const s = new Float64Array(dS);
      env.sampleInitialState(rng, s);
      if (!inSpace(env.stateSpace, s)) bad ??= `s0 = [${s}] is not in ${describeSpace(env.stateSpace)}`;
      states.push(s);
    }
    return bad ? ['fail', bad] : ['pass', `${samples} draws from ρ`];
  });
  run('actions from μ lie in A', () => {
    let bad: string | undefined;
    for (let n = 0; n < states.length; n++) {
      const a = new Float64Array(dA);
      env.actionMeasure.sample(rng, a, 0);
      if (!inSpace(env.actionSpace, a)) bad ??= `a = [${a}] is not in ${describeSpace(env.actionSpace)}`;
      actions.push(a);
    }
    return bad ? ['fail', bad] : ['pass', `${actions.length} draws from μ (${env.actionMeasure.name})`];
  });
  run('next states lie in S', () => {
    let bad: string | undefined;
    for (let n = 0; n < Math.min(states.length, actions.length); n++) {
      const next = new Float64Array(dS);
      env.sampleNextState(states[n], actions[n], rng, next);
      if (!inSpace(env.stateSpace, next)) bad ??= `s' = [${next}] after s = [${states[n]}], a = [${actions[n]}] is not in ${describeSpace(env.stateSpace)}`;
      nextStates.push(next);
    }
    return bad ? ['fail', bad] : ['pass', `${nextStates.length} transitions`];
  });
  const probes = () => {
    const all: [Float64Array, Float64Array][] = [];
    for (let n = 0; n < actions.length; n++) {
      all.push([states[n], actions[n]]);
      if (n < nextStates.length && inSpace(env.stateSpace, nextStates[n])) all.push([nextStates[n], actions[n]]);
    }
    return all;
  };

  run('features: length featureDim, finite', () => {
    const buffer = new Float64Array(p + 2);
    for (const [s, a] of probes()) {
      const problem = featureProblem(env, s, a, buffer);
      if (problem) return ['fail', problem];
    }
    return ['pass', `${probes().length} points, p = ${p}`];
  });
  run('separable features agree with features', () => {
    const separable = env.separableFeatures;
    if (!separable) return ['skip', 'no separableFeatures declared'];
    if (separable.stateDim + separable.actionDim !== p) return ['fail', `stateDim + actionDim = ${separable.stateDim} + ${separable.actionDim} ≠ featureDim = ${p}`];
    const x = new Float64Array(p);
    const y = new Float64Array(p);
    let worst = 0;
    for (const [s, a] of probes()) {
      env.features(s, a, x, 0);
      separable.state(s, y, 0);
      separable.action(a, y, separable.stateDim);
      for (let c = 0; c < p; c++) {
        const gap = Math.abs(x[c] - y[c]) / Math.max(1, Math.abs(x[c]));
        if (!(gap <= 1e-12)) return ['fail', `coordinate ${c} at s = [${s}], a = [${a}]: features ${x[c]}, [ψ_S, ψ_A] ${y[c]}`];
        worst = Math.max(worst, gap);
      }
    }
    return ['pass', `largest relative gap ${fmt(worst)}`];
  });
  run('rewards finite', () => {
    let largest = 0;
    for (const [s, a] of probes()) {
      const r = env.reward(s, a);
      if (!Number.isFinite(r)) return ['fail', `reward(s = [${s}], a = [${a}]) = ${r}`];
      largest = Math.max(largest, Math.abs(r));
    }
    return ['pass', `max |r| = ${fmt(largest)} over ${probes().length} points`];
  });

  run('initial density normalises', () => {
    const initialDensity = env.initialDensity?.bind(env);
    if (!initialDensity) return ['skip', 'no initialDensity (sampler-only: Monte Carlo evaluation only)'];
    const integral = densityIntegral(env.stateSpace, initialDensity, (out) => env.sampleInitialState(rng, out), rng, momentSamples);
    const error = Math.abs(integral.mass - 1);
    const detail = `∫ρ ds = ${fmt(integral.mass)} (${integral.method})`;
    return error <= tolerance + integral.error ? ['pass', detail] : ['fail', `${detail}; must be 1`];
  });
  const pairList = probes().slice(0, pairs);
  run('transition density normalises', () => {
    const transitionDensity = env.transitionDensity?.bind(env);
    if (!transitionDensity) return ['skip', 'no transitionDensity (sampler-only: Monte Carlo evaluation only)'];
    let worst = { error: -1, detail: '' };
    for (const [s, a] of pairList) {
      const integral = densityIntegral(env.stateSpace, (next) => transitionDensity(s, a, next), (out) => env.sampleNextState(s, a, rng, out), rng, momentSamples);
      // A NaN mass (a density returning NaN) must fail, not slip past the comparisons below.
      const excess = Number.isFinite(integral.mass) ? Math.abs(integral.mass - 1) - integral.error : Infinity;
      if (excess > worst.error) worst = { error: excess, detail: `worst at s = [${s}], a = [${a}]: ∫p(s'|s,a) ds' = ${fmt(integral.mass)} (${integral.method})` };
    }
    return worst.error <= tolerance ? ['pass', `${pairList.length} (s,a) pairs; ${worst.detail}`] : ['fail', `${worst.detail}; must be 1`];
  });
  run('transition sampler matches its density', () => {
    const transitionDensity = env.transitionDensity?.bind(env);
    if (!transitionDensity) return ['skip', 'no transitionDensity to compare with'];
    let worst = { z: -1, detail: '' };
    for (const [s, a] of pairList) {
      const result = momentCheck(env.stateSpace, (next) => transitionDensity(s, a, next), (out) => env.sampleNextState(s, a, rng, out), rng, momentSamples);
      const z = Number.isNaN(result.z) ? Infinity : result.z;
      if (z > worst.z) worst = { z, detail: `worst at s = [${s}], a = [${a}]: ${result.detail}` };
    }
    return [worst.z <= Z_LIMIT ? 'pass' : 'fail', `${momentSamples} draws per pair, |z| ≤ ${Z_LIMIT} allowed; ${worst.detail}`];
  });
  run('initial sampler matches its density', () => {
    const initialDensity = env.initialDensity?.bind(env);
    if (!initialDensity) return ['skip', 'no initialDensity to compare with'];
    const result = momentCheck(env.stateSpace, initialDensity, (out) => env.sampleInitialState(rng, out), rng, momentSamples);
    return [result.z <= Z_LIMIT ? 'pass' : 'fail', `${momentSamples} draws, |z| ≤ ${Z_LIMIT} allowed; ${result.detail}`];
  });

  run('discounted values within the reward bound', () =>
    checks.some((check) => check.name === 'rewards finite' && check.status === 'fail') ? ['skip', 'rewards are not finite (see "rewards finite")'] : valueBoundCheck(env),
  );

  run('seed determinism', () => {
    const first = trace(env, XoroshiroRandom.fromState(rng.state()));
    const second = trace(env, XoroshiroRandom.fromState(rng.state()));
    for (let k = 0; k < first.length; k++) {
      if (!Object.is(first[k], second[k])) {
        return ['fail', `two runs from the same seed differ at draw ${k} (${first[k]} vs ${second[k]}): all randomness must come from the Random passed in`];
      }
    }
    return ['pass', `${first.length} numbers reproduced exactly`];
  });

  return { env: env.id, checks, passed: checks.every((check) => check.status !== 'fail') };
}

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

function describeSpace(space: Space): string {
  switch (space.kind) {
    case 'torus':
      return `the torus [0,1)^${space.dim}`;
    case 'box':
      return `the box [${space.low}]–[${space.high}]`;
    case 'finite':
      return `{0, …, ${space.size - 1}}`;
    case 'euclidean':
      return `R^${space.dim} (finite coordinates)`;
  }
}

/**
 * What is wrong with features(s, a), or undefined: writes into buffer[1 … p] between two NaN
 * sentinels, so writing past featureDim, leaving a coordinate unwritten, or writing NaN/±∞ shows.
 */
export function featureProblem(env: Environment, s: ArrayLike<number>, a: ArrayLike<number>, buffer: Float64Array): string | undefined {
  const p = env.featureDim;
  buffer.fill(Number.NaN);
  env.features(s, a, buffer, 1);
  if (!Number.isNaN(buffer[0]) || !Number.isNaN(buffer[p + 1])) {
    return `features(s = [${s}], a = [${a}]) wrote outside its ${p} coordinates (featureDim = ${p} is too small)`;
  }
  for (let c = 0; c < p; c++) {
    const x = buffer[1 + c];
    if (!Number.isFinite(x)) {
      return Number.isNaN(x)
        ? `features(s = [${s}], a = [${a}]) left coordinate ${c} NaN or unwritten (featureDim = ${p}: too large, or a NaN feature)`
        : `features(s = [${s}], a = [${a}]) coordinate ${c} is ${x}`;
    }
  }
  return undefined;
}

interface MassEstimate {
  readonly mass: number;
  /** Allowance for the estimate's own error: quadrature refinement gap, or 4 standard errors. */
  readonly error: number;
  readonly method: string;
}

/**
 * ∫ density: by refined quadrature where a grid covers the space; on euclidean spaces by importance
 * sampling from a Gaussian q fitted to the sampler (twice its spread), ∫p = E_q[p/q].
 */
function densityIntegral(space: Space, density: (s: Float64Array) => number, sample: (out: Float64Array) => void, rng: Random, n: number): MassEstimate {
  const integral = integrateDensity(space, density);
  if (integral) {
    const method = space.kind === 'finite' ? 'exact sum' : `quadrature, ${integral.nodesPerDim} nodes per dimension`;
    return { mass: integral.mass, error: 2 * integral.error, method };
  }
  const weights = importanceWeights(space.dim, density, sample, rng, n);
  const { mean, se } = meanAndError(weights.ratio);
  return { mass: mean, error: 4 * se, method: `importance sampling, ${n} draws, ± ${fmt(4 * se)}` };
}

/** Sampler moments vs density moments: the largest |z| over the test functions, with its detail. */
function momentCheck(space: Space, density: (s: Float64Array) => number, sample: (out: Float64Array) => void, rng: Random, n: number): { z: number; detail: string } {
  const h = new Float64Array(2 * space.dim);
  const draw = new Float64Array(space.dim);
  const count = space.kind === 'torus' ? 2 * space.dim : space.dim;
  const values = Array.from({ length: count }, () => new Float64Array(n));
  for (let m = 0; m < n; m++) {
    sample(draw);
    momentFunctions(space, draw, h);
    for (let c = 0; c < count; c++) values[c][m] = h[c];
  }
  const integral = integrateDensity(space, density);
  let worst = { z: -1, detail: '' };
  if (integral) {
    for (let c = 0; c < count; c++) {
      const expected = integral.moments[c] / integral.mass;
      const sd = Math.sqrt(Math.max(0, integral.secondMoments[c] / integral.mass - expected * expected));
      const { mean } = meanAndError(values[c]);
      const z = Math.abs(mean - expected) / Math.max(sd / Math.sqrt(n), 1e-12);
      if (z > worst.z) worst = { z, detail: `moment ${c}: sampler ${fmt(mean)}, density ${fmt(expected)}, |z| = ${z.toFixed(2)}` };
    }
    return worst;
  }
  const weights = importanceWeights(space.dim, density, sample, rng, n);
  const mass = meanAndError(weights.ratio).mean;
  for (let c = 0; c < count; c++) {
    const weighted = new Float64Array(n);
    for (let m = 0; m < n; m++) weighted[m] = (weights.ratio[m] * weights.h[c][m]) / mass;
    const reference = meanAndError(weighted);
    const sampled = meanAndError(values[c]);
    const z = Math.abs(sampled.mean - reference.mean) / Math.max(Math.hypot(sampled.se, reference.se), 1e-12);
    if (z > worst.z) worst = { z, detail: `moment ${c}: sampler ${fmt(sampled.mean)}, density (importance sampling) ${fmt(reference.mean)}, |z| = ${z.toFixed(2)}` };
  }
  return worst;
}

/** p(x)/q(x) and h(x) for x ~ q = N(m, diag (2σ)²), m and σ fitted to n draws of the sampler. */
function importanceWeights(dim: number, density: (s: Float64Array) => number, sample: (out: Float64Array) => void, rng: Random, n: number) {
  const draw = new Float64Array(dim);
  const mean = new Float64Array(dim);
  const square = new Float64Array(dim);
  for (let m = 0; m < n; m++) {
    sample(draw);
    for (let c = 0; c < dim; c++) {
      mean[c] += draw[c] / n;
      square[c] += (draw[c] * draw[c]) / n;
    }
  }
  const scale = Array.from(mean, (m, c) => 2 * Math.sqrt(Math.max(square[c] - m * m, 1e-300)));
  const ratio = new Float64Array(n);
  const h = Array.from({ length: dim }, () => new Float64Array(n));
  for (let m = 0; m < n; m++) {
    let logQ = 0;
    for (let c = 0; c < dim; c++) {
      const z = rng.normal();
      draw[c] = mean[c] + scale[c] * z;
      logQ += -0.5 * z * z - Math.log(scale[c] * Math.sqrt(2 * Math.PI));
      h[c][m] = draw[c];
    }
    ratio[m] = density(draw) / Math.exp(logQ);
  }
  return { ratio, h };
}

function meanAndError(xs: Float64Array): { mean: number; se: number } {
  let mean = 0;
  for (const x of xs) mean += x / xs.length;
  let variance = 0;
  for (const x of xs) variance += (x - mean) ** 2 / (xs.length - 1);
  return { mean, se: Math.sqrt(variance / xs.length) };
}

/** Every number a short run draws: ρ, μ, P, rewards and features, for the determinism check. */
function trace(env: Environment, rng: Random): number[] {
  const out: number[] = [];
  const s = new Float64Array(env.stateSpace.dim);
  const next = new Float64Array(env.stateSpace.dim);
  const a = new Float64Array(env.actionSpace.dim);
  const x = new Float64Array(env.featureDim);
  for (let episode = 0; episode < 4; episode++) {
    env.sampleInitialState(rng, s);
    for (let step = 0; step < 8; step++) {
      env.actionMeasure.sample(rng, a, 0);
      env.features(s, a, x, 0);
      out.push(...s, ...a, ...x, env.reward(s, a));
      env.sampleNextState(s, a, rng, next);
      s.set(next);
    }
  }
  return out;
}
