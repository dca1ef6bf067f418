import { XoroshiroRandom } from '../math/random';
import type { Environment } from '../plugin-points/environment';
import type { Random } from '../plugin-points/random';
import type { EnvironmentCheckDefinition } from './environment-check-definition';
import { describeSpace, fmt } from './probe-set';
import { inSpace } from './space-membership';

/**
 * The checks on what the environment declares and returns at the probed points: shapes, spaces,
 * features, rewards (and, with a grid, every grid entry), and seed determinism. All cheap.
 */

export const declaredShapes: EnvironmentCheckDefinition = {
  name: 'declared shapes',
  cheap: true,
  run({ env }) {
    const [dS, dA, p] = [env.stateSpace.dim, env.actionSpace.dim, env.featureDim];
    const problems: string[] = [];
    if (!(Number.isInteger(p) && p >= 1)) problems.push(`featureDim = ${p} is not a positive integer`);
    if (env.actionMeasure.dim !== dA) problems.push(`μ has dim ${env.actionMeasure.dim}, the action space ${dA}`);
    if (!(env.gamma >= 0 && env.gamma < 1)) problems.push(`γ = ${env.gamma} is outside [0, 1)`);
    return problems.length ? ['fail', problems.join('; ')] : ['pass', `dS = ${dS}, dA = ${dA}, p = ${p}, γ = ${env.gamma}`];
  },
};

export const initialStatesInSpace: EnvironmentCheckDefinition = {
  name: 'initial states lie in S',
  cheap: true,
  run({ env, states, samplerErrors }) {
    if (samplerErrors.initial) return ['fail', samplerErrors.initial];
    const bad = states.find((s) => !inSpace(env.stateSpace, s));
    return bad ? ['fail', `s0 = [${bad}] is not in ${describeSpace(env.stateSpace)}`] : ['pass', `${states.length} draws from ρ`];
  },
};

export const actionsInSpace: EnvironmentCheckDefinition = {
  name: 'actions from μ lie in A',
  cheap: true,
  run({ env, actions, samplerErrors }) {
    if (samplerErrors.action) return ['fail', samplerErrors.action];
    const bad = actions.find((a) => !inSpace(env.actionSpace, a));
    return bad ? ['fail', `a = [${bad}] is not in ${describeSpace(env.actionSpace)}`] : ['pass', `${actions.length} draws from μ (${env.actionMeasure.name})`];
  },
};

export const nextStatesInSpace: EnvironmentCheckDefinition = {
  name: 'next states lie in S',
  cheap: true,
  run({ env, states, actions, nextStates, samplerErrors }) {
    if (samplerErrors.next) return ['fail', samplerErrors.next];
    const n = nextStates.findIndex((next) => !inSpace(env.stateSpace, next));
    if (n < 0) return ['pass', `${nextStates.length} transitions`];
    return ['fail', `s' = [${nextStates[n]}] after s = [${states[n]}], a = [${actions[n]}] is not in ${describeSpace(env.stateSpace)}`];
  },
};

export const featuresShape: EnvironmentCheckDefinition = {
  name: 'features: length featureDim, finite',
  cheap: true,
  run({ env, points, grid }) {
    const buffer = new Float64Array(env.featureDim + 2);
    for (const [s, a] of points) {
      const problem = featureProblem(env, s, a, buffer);
      if (problem) return ['fail', problem];
    }
    const gridPoints = grid?.points;
    const bad = gridPoints ? gridPoints.data.findIndex((x) => !Number.isFinite(x)) : -1;
    if (gridPoints && bad >= 0) return ['fail', `features returned ${gridPoints.data[bad]} at grid point ${Math.floor(bad / gridPoints.dim)}, coordinate ${bad % gridPoints.dim}`];
    return ['pass', `${points.length} points${gridPoints ? ` and ${gridPoints.count} grid points` : ''}, p = ${env.featureDim}`];
  },
};

export const separableFeaturesAgree: EnvironmentCheckDefinition = {
  name: 'separable features agree with features',
  cheap: true,
  run({ env, points }) {
    const separable = env.separableFeatures;
    const p = env.featureDim;
    if (!separable) return ['skip', 'no separableFeatures declared'];
    if (separable.stateDim + separable.actionDim !== p) return ['fail', `stateDim + actionDim = ${separable.stateDim} + ${separable.actionDim} ≠ featureDim = ${p}`];
    const x = new Float64Array(p);
    const y = new Float64Array(p);
    let worst = 0;
    for (const [s, a] of points) {
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
  },
};

export const rewardsFinite: EnvironmentCheckDefinition = {
  name: 'rewards finite',
  cheap: true,
  run({ env, points, grid }) {
    let largest = 0;
    for (const [s, a] of points) {
      const r = env.reward(s, a);
      if (!Number.isFinite(r)) return ['fail', `reward returned ${r} at s = [${s}], a = [${a}]`];
      largest = Math.max(largest, Math.abs(r));
    }
    const rewards = grid?.reward;
    const bad = rewards ? rewards.findIndex((r) => !Number.isFinite(r)) : -1;
    if (rewards && bad >= 0) {
      const actionCount = grid?.actionCount ?? 1;
      return ['fail', `reward returned ${rewards[bad]} at grid state node ${Math.floor(bad / actionCount)}, action node ${bad % actionCount}`];
    }
    return ['pass', `max |r| = ${fmt(largest)} over ${points.length} points${rewards ? ` and ${rewards.length} grid nodes` : ''}`];
  },
};

export const seedDeterminism: EnvironmentCheckDefinition = {
  name: 'seed determinism',
  cheap: true,
  run({ env, rng }) {
    const first = trace(env, XoroshiroRandom.fromState(rng.state()));
    const second = trace(env, XoroshiroRandom.fromState(rng.state()));
    for (let k = 0; k < first.length; k++) {
      if (!Object.is(first[k], second[k])) {
        return ['fail', `two runs from the same seed differ at draw ${k} (${first[k]} vs ${second[k]}): all randomness must come from the Random passed in`];
      }
    }
    return ['pass', `${first.length} numbers reproduced exactly`];
  },
};

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
