import { PluginError } from '../errors';
import { stateQuadrature } from '../measures/state-quadrature';
import type { Environment } from '../plugin-points/environment';
import type { PointSet, ProductStructure } from '../plugin-points/point-set';
import type { QuadratureRule } from '../plugin-points/quadrature-rule';
import type { DiscreteMdp } from './discrete-mdp';
import { inferProductStructure } from './infer-product-structure';
import { interpolatedMdp } from './interpolated-kernel';
import { TerminalRouting } from './terminal-routing';

/** An environment on quadrature grids: the finite MDP and where the network must be evaluated. */
export interface DiscretizedEnvironment {
  readonly mdp: DiscreteMdp;
  /** S state nodes s_i with Lebesgue (counting) weights, from {@link stateQuadrature}. */
  readonly stateNodes: QuadratureRule;
  /** K action nodes a_k with μ-weights ω_k (sum 1), from `env.actionMeasure.quadrature`. */
  readonly actionNodes: QuadratureRule;
  /**
   * M = S·K feature vectors, point j = i·K + k is x(s_i, a_k); with `product` (outer = ψ_S(s_i),
   * inner = ψ_A(a_k)) when the environment declares separable features.
   */
  readonly points: PointSet;
}

/** Features may be computed along two code paths; they must agree to a few ulps. */
const FEATURE_TOLERANCE = 1e-12;

/**
 * Discretises env on statesPerDim^dS state nodes × actionsPerDim^dA action nodes (docs/math.md §5):
 * P[(i,k)→j] ∝ w_j p(s_j|s_i,a_k) and ρ_j ∝ w_j ρ(s_j), each renormalised to sum 1 so the
 * finite chain is a Markov chain exactly (the renormalisation is itself a quadrature of the
 * total mass 1, hence consistent as the grid is refined).
 *
 * Deterministic environments (`nextState` and no `transitionDensity`) get the interpolated
 * kernel of `interpolatedMdp` instead: sparse rows of multilinear interpolation weights.
 *
 * Throws a PluginError naming the environment if it lacks the densities grid evaluation needs,
 * if a density is negative or not finite, if a row of P or the initial law has no mass on the
 * grid, or if declared separable features disagree with `features`.
 *
 * Environments with terminal states (`isTerminal`) get rows whose weight on terminal points is
 * routed to one exact absorbing state of value 0 (`TerminalRouting`): rows of P then sum to
 * 1 minus the probability of terminating.
 */
export function discretizeEnvironment(env: Environment, statesPerDim: number, actionsPerDim: number): DiscretizedEnvironment {
  if (env.transitionDensity === undefined && env.nextState !== undefined) {
    const stateNodes = stateQuadrature(env.stateSpace, statesPerDim);
    const actionNodes = env.actionMeasure.quadrature(actionsPerDim);
    const mdp = interpolatedMdp(env, stateNodes, actionNodes, env.stateSpace.kind === 'finite' ? env.stateSpace.size : statesPerDim);
    return { mdp, stateNodes, actionNodes, points: featurePoints(env, stateNodes, actionNodes) };
  }
  if (env.transitionDensity === undefined) throw missingDensity(env, 'transitionDensity');
  if (env.initialDensity === undefined) throw missingDensity(env, 'initialDensity');
  const stateNodes = stateQuadrature(env.stateSpace, statesPerDim);
  const actionNodes = env.actionMeasure.quadrature(actionsPerDim);
  const stateCount = stateNodes.count;
  const actionCount = actionNodes.count;
  const states = nodeViews(stateNodes);
  const actions = nodeViews(actionNodes);

  const routing = TerminalRouting.of(env, stateNodes);
  const transition = new Float64Array(stateCount * actionCount * stateCount);
  const reward = new Float64Array(stateCount * actionCount);
  for (let i = 0; i < stateCount; i++) {
    for (let k = 0; k < actionCount; k++) {
      const row = (i * actionCount + k) * stateCount;
      let mass = 0;
      for (let j = 0; j < stateCount; j++) {
        const density = env.transitionDensity(states[i], actions[k], states[j]);
        if (!(density >= 0 && density < Infinity)) {
          throw environmentError(env, `transitionDensity returned ${density} at s = [${states[i]}], a = [${actions[k]}], s' = [${states[j]}]`);
        }
        const value = stateNodes.weights[j] * density;
        transition[row + j] = value;
        mass += value;
      }
      if (!(mass > 0)) {
        throw environmentError(env, `P(·|s,a) has no mass on the state grid at s = [${states[i]}], a = [${actions[k]}]; refine the grid`);
      }
      for (let j = 0; j < stateCount; j++) transition[row + j] /= mass;
      routing?.routeDenseRow(transition, row);
      reward[i * actionCount + k] = env.reward(states[i], actions[k]);
    }
  }

  const initial = new Float64Array(stateCount);
  let initialMass = 0;
  for (let j = 0; j < stateCount; j++) {
    const density = env.initialDensity(states[j]);
    if (!(density >= 0 && density < Infinity)) throw environmentError(env, `initialDensity returned ${density} at s = [${states[j]}]`);
    initial[j] = stateNodes.weights[j] * density;
    initialMass += initial[j];
  }
  if (!(initialMass > 0)) throw environmentError(env, 'ρ has no mass on the state grid; refine the grid');
  for (let j = 0; j < stateCount; j++) initial[j] /= initialMass;

  const mdp: DiscreteMdp = {
    stateCount,
    actionCount,
    gamma: env.gamma,
    transition,
    reward,
    initial,
    actionWeights: Float64Array.from(actionNodes.weights),
  };
  return { mdp, stateNodes, actionNodes, points: featurePoints(env, stateNodes, actionNodes) };
}

/** Failures caused by the environment name it (PluginError), so users know which plugin to fix. */
function environmentError(env: Environment, detail: string): PluginError {
  return new PluginError(`environment '${env.id}'`, `discretizeEnvironment: ${detail}`);
}

function missingDensity(env: Environment, method: 'transitionDensity' | 'initialDensity'): PluginError {
  return environmentError(
    env,
    `has no ${method}(); grid evaluation needs the densities of P(·|s,a) and ρ, or deterministic ` +
      'dynamics nextState() (sampler-only environments need Monte Carlo evaluation)',
  );
}

/** One view per node of a rule: views[j] = nodes[j·dim … (j+1)·dim). */
function nodeViews(rule: QuadratureRule): Float64Array[] {
  return Array.from({ length: rule.count }, (_, j) => rule.nodes.subarray(j * rule.dim, (j + 1) * rule.dim));
}

/**
 * x(s_i, a_k) at every grid point, plus the product structure: the declared separable features'
 * (checked against features()), else one inferred from the values when they split exactly.
 */
function featurePoints(env: Environment, stateNodes: QuadratureRule, actionNodes: QuadratureRule): PointSet {
  const p = env.featureDim;
  const stateCount = stateNodes.count;
  const actionCount = actionNodes.count;
  const states = nodeViews(stateNodes);
  const actions = nodeViews(actionNodes);
  const count = stateCount * actionCount;
  const data = new Float64Array(count * p);
  for (let i = 0; i < stateCount; i++) {
    for (let k = 0; k < actionCount; k++) env.features(states[i], actions[k], data, (i * actionCount + k) * p);
  }
  const separable = env.separableFeatures;
  if (separable === undefined) {
    const inferred = inferProductStructure(data, stateCount, actionCount, p);
    return inferred === undefined ? { count, dim: p, data } : { count, dim: p, data, product: inferred };
  }

  const { stateDim, actionDim } = separable;
  if (stateDim + actionDim !== p) {
    throw environmentError(env, `separable features have sizes ${stateDim} + ${actionDim}, but featureDim is ${p}`);
  }
  const product: ProductStructure = {
    outerCount: stateCount,
    outerDim: stateDim,
    outer: new Float64Array(stateCount * stateDim),
    innerCount: actionCount,
    innerDim: actionDim,
    inner: new Float64Array(actionCount * actionDim),
  };
  for (let i = 0; i < stateCount; i++) separable.state(states[i], product.outer, i * stateDim);
  for (let k = 0; k < actionCount; k++) separable.action(actions[k], product.inner, k * actionDim);
  // Backends trust `product` instead of `data`: check once that x(s_i,a_k) = [ψ_S(s_i), ψ_A(a_k)].
  for (let i = 0; i < stateCount; i++) {
    for (let k = 0; k < actionCount; k++) {
      const base = (i * actionCount + k) * p;
      for (let c = 0; c < p; c++) {
        const expected = c < stateDim ? product.outer[i * stateDim + c] : product.inner[k * actionDim + c - stateDim];
        const actual = data[base + c];
        if (!(Math.abs(actual - expected) <= FEATURE_TOLERANCE * Math.max(1, Math.abs(expected)))) {
          throw environmentError(
            env,
            `separableFeatures disagree with features() at state node ${i}, action node ${k}, coordinate ${c} ` +
              `(${expected} vs ${actual}); x(s,a) must equal [ψ_S(s), ψ_A(a)]`,
          );
        }
      }
    }
  }
  return { count, dim: p, data, product };
}
