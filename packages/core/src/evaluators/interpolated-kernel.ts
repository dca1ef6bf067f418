import { PluginError } from '../errors';
import type { Environment } from '../plugin-points/environment';
import type { QuadratureRule } from '../plugin-points/quadrature-rule';
import type { DiscreteMdp } from './discrete-mdp';
import { GridInterpolator, interpolationPeriods } from './grid-interpolator';
import { TerminalRouting } from './terminal-routing';

/** A declared quadrature for ρ must carry total mass 1 up to this (absolute). */
const MASS_TOLERANCE = 1e-9;

/**
 * The finite MDP of a deterministic environment (docs/math.md §5, §8): P(·|s,a) = δ_{T(s,a)} becomes the
 * multilinear interpolation weights of T(s_i, a_k) on the state grid (2^dS nonzeros per row,
 * stored sparse), so (PV)(s_i,a_k) is the interpolant of V at T(s_i,a_k): a semi-Lagrangian
 * scheme, consistent as the grid is refined. The initial law is the interpolation of the nodes of
 * `env.initialQuadrature` when declared (laws without a density), else w_j ρ(s_j) renormalised.
 * Weight landing on terminal states goes to the implicit absorbing state of `TerminalRouting`
 * (rows then sum to less than 1).
 *
 * @param nodesPerDim state nodes per dimension of `stateNodes` (the size of a finite space)
 */
export function interpolatedMdp(env: Environment, stateNodes: QuadratureRule, actionNodes: QuadratureRule, nodesPerDim: number): DiscreteMdp {
  const nextState = env.nextState;
  if (nextState === undefined) throw environmentError(env, 'has no nextState(); the interpolated kernel needs deterministic dynamics');
  const periods = interpolationPeriods(env.stateSpace, env.statePeriods);
  if (periods.length !== env.stateSpace.dim || periods.some((p) => !(p >= 0 && Number.isFinite(p)))) {
    throw environmentError(env, `statePeriods must hold ${env.stateSpace.dim} numbers ≥ 0 (0: not periodic), got [${periods}]`);
  }
  const interpolator = new GridInterpolator(stateNodes, nodesPerDim, periods);
  const S = stateNodes.count;
  const K = actionNodes.count;
  const width = interpolator.width;
  const dim = stateNodes.dim;
  const columns = new Int32Array(S * K * width);
  const values = new Float64Array(S * K * width);
  const reward = new Float64Array(S * K);
  const next = new Float64Array(dim);
  const routing = TerminalRouting.of(env, stateNodes);
  for (let i = 0; i < S; i++) {
    const s = stateNodes.nodes.subarray(i * dim, (i + 1) * dim);
    for (let k = 0; k < K; k++) {
      const a = actionNodes.nodes.subarray(k * actionNodes.dim, (k + 1) * actionNodes.dim);
      nextState.call(env, s, a, next);
      if (!next.every(Number.isFinite)) throw environmentError(env, `nextState returned [${next}] at s = [${s}], a = [${a}]`);
      interpolator.interpolate(next, columns, values, (i * K + k) * width);
      routing?.routeSparseRow(next, columns, values, (i * K + k) * width, width);
      const r = env.reward(s, a);
      if (!Number.isFinite(r)) throw environmentError(env, `reward returned ${r} at s = [${s}], a = [${a}]`);
      reward[i * K + k] = r;
    }
  }
  return {
    stateCount: S,
    actionCount: K,
    gamma: env.gamma,
    transition: new Float64Array(0),
    sparseTransition: { width, columns, values },
    stateGrid: Array.from({ length: dim }, () => nodesPerDim),
    reward,
    initial: initialLaw(env, stateNodes, interpolator, nodesPerDim),
    actionWeights: Float64Array.from(actionNodes.weights),
  };
}

function initialLaw(env: Environment, stateNodes: QuadratureRule, interpolator: GridInterpolator, nodesPerDim: number): Float64Array {
  const S = stateNodes.count;
  const dim = stateNodes.dim;
  const initial = new Float64Array(S);
  if (env.initialQuadrature !== undefined) {
    const rule = env.initialQuadrature(nodesPerDim);
    if (rule.dim !== dim) throw environmentError(env, `initialQuadrature has nodes of dimension ${rule.dim}, the state space ${dim}`);
    const mass = rule.weights.reduce((sum, w) => sum + w, 0);
    if (!(Math.abs(mass - 1) <= MASS_TOLERANCE) || rule.weights.some((w) => !(w >= 0))) {
      throw environmentError(env, `initialQuadrature weights must be ≥ 0 and sum to 1, got total ${mass}`);
    }
    const columns = new Int32Array(interpolator.width);
    const values = new Float64Array(interpolator.width);
    for (let n = 0; n < rule.count; n++) {
      interpolator.interpolate(rule.nodes.subarray(n * dim, (n + 1) * dim), columns, values, 0);
      for (let c = 0; c < interpolator.width; c++) initial[columns[c]] += rule.weights[n] * values[c];
    }
    return initial;
  }
  if (env.initialDensity === undefined) throw environmentError(env, 'has neither initialDensity() nor initialQuadrature(); grid evaluation needs one for ρ');
  let mass = 0;
  for (let j = 0; j < S; j++) {
    const density = env.initialDensity(stateNodes.nodes.subarray(j * dim, (j + 1) * dim));
    if (!(density >= 0 && density < Infinity)) throw environmentError(env, `initialDensity returned ${density} at state node ${j}`);
    initial[j] = stateNodes.weights[j] * density;
    mass += initial[j];
  }
  if (!(mass > 0)) throw environmentError(env, 'ρ has no mass on the state grid; refine the grid');
  for (let j = 0; j < S; j++) initial[j] /= mass;
  return initial;
}

function environmentError(env: Environment, detail: string): PluginError {
  return new PluginError(`environment '${env.id}'`, `interpolated kernel: ${detail}`);
}
