import type { Environment, ParticleKernels, PointSet, QuadratureRule, Random } from '@mfpg/core';

/** Action nodes per action dimension of {@link TrainedPolicy} when none is asked for. */
export const DEFAULT_POLICY_ACTION_NODES = 64;

/** One batch of states: its point sets and buffers (allocated once per batch size). */
interface Batch {
  readonly count: number;
  /** count·G points x(s_b, a_k), b-major: the grid that gives log Z(s_b), the sampler and the mode. */
  readonly grid: PointSet;
  /** count·G: f(s_b, a_k). */
  readonly gridLogits: Float64Array;
  /** count points x(s_b, a_b), for the density at arbitrary actions. */
  readonly pairs: PointSet;
  readonly pairLogits: Float64Array;
}

/**
 * The policy of a trained particle system, π_ν(da|s) ∝ e^{f_ν(s,a)} μ(da) (docs/math.md §2), as an
 * object a controller can use. Continuous actions are resolved on μ's quadrature with G nodes per
 * action dimension (Gauss–Legendre on boxes, the periodic trapezoid on tori; default 64), far finer
 * than a training grid:
 * - `logDensity(s, a)` = f(s,a) − log Z(s), the log-density w.r.t. μ at any action, with
 *   Z(s) = Σ_k ω_k e^{f(s,a_k)} the quadrature of ∫ e^{f(s,·)} dμ;
 * - `sample(s, rng)` draws a node a_k with probability ω_k e^{f(s,a_k)}/Z(s): the policy's
 *   G-node discretisation, the same construction the grid evaluator uses with its K nodes, so the
 *   entropy cost of a sampled action is τ·logDensity(s, a_k) and its mean is τ·KL(π(·|s)|μ);
 * - `mode(s)` is the node with the largest density.
 * States are in the environment's own coordinates; batched forms take B×dS row-major states.
 * Deterministic: `sample` draws exactly one uniform per state from the Random it is given.
 */
export class TrainedPolicy {
  /** G^dA action nodes a_k with μ-weights ω_k (sum 1). */
  readonly actionNodes: QuadratureRule;
  readonly stateDim: number;
  readonly actionDim: number;
  private readonly logWeights: Float64Array;
  private readonly batches = new Map<number, Batch>();
  private readonly single = new Float64Array(1);

  constructor(
    readonly env: Environment,
    private readonly kernels: ParticleKernels,
    /** N×d row-major particles θ. */
    private readonly theta: Float64Array,
    /** Entropy strength τ of the run (for soft values). */
    readonly tau: number,
    actionNodesPerDim: number = DEFAULT_POLICY_ACTION_NODES,
  ) {
    this.actionNodes = env.actionMeasure.quadrature(actionNodesPerDim);
    this.stateDim = env.stateSpace.dim;
    this.actionDim = env.actionSpace.dim;
    this.logWeights = this.actionNodes.weights.map(Math.log);
  }

  /** log dπ/dμ (a|s) for one state and action. */
  async logDensity(s: ArrayLike<number>, a: ArrayLike<number>): Promise<number> {
    await this.logDensityBatch(Float64Array.from(s), Float64Array.from(a), 1, this.single);
    return this.single[0];
  }

  /** out[b] = log dπ/dμ (a_b|s_b) for B states (B×dS) and actions (B×dA). */
  async logDensityBatch(states: Float64Array, actions: Float64Array, count: number, out: Float64Array): Promise<void> {
    const batch = await this.evaluateGrid(states, count);
    const { env, stateDim, actionDim } = this;
    const p = env.featureDim;
    for (let b = 0; b < count; b++) env.features(states.subarray(b * stateDim, (b + 1) * stateDim), actions.subarray(b * actionDim, (b + 1) * actionDim), batch.pairs.data, b * p);
    await this.kernels.forward(this.theta, batch.pairs, batch.pairLogits);
    for (let b = 0; b < count; b++) out[b] = batch.pairLogits[b] - this.logNormaliser(batch, b);
  }

  /** One action a ~ π(·|s) (a new array of length dA). */
  async sample(s: ArrayLike<number>, rng: Random): Promise<Float64Array> {
    const action = new Float64Array(this.actionDim);
    await this.sampleBatch(Float64Array.from(s), 1, rng, action);
    return action;
  }

  /**
   * Draws a_b ~ π(·|s_b) for B states into `actions` (B×dA), one uniform per state in order; the
   * log-densities of the drawn actions go to `logDensities` (length B) when given.
   */
  async sampleBatch(states: Float64Array, count: number, rng: Random, actions: Float64Array, logDensities?: Float64Array): Promise<void> {
    const batch = await this.evaluateGrid(states, count);
    const G = this.actionNodes.count;
    for (let b = 0; b < count; b++) {
      const logZ = this.logNormaliser(batch, b);
      const u = rng.uniform();
      let cumulative = 0;
      let chosen = G - 1;
      for (let k = 0; k < G; k++) {
        cumulative += Math.exp(this.logWeights[k] + batch.gridLogits[b * G + k] - logZ);
        if (u < cumulative) {
          chosen = k;
          break;
        }
      }
      this.copyNode(chosen, actions, b);
      if (logDensities) logDensities[b] = batch.gridLogits[b * G + chosen] - logZ;
    }
  }

  /** The most likely action node at s (a new array of length dA). */
  async mode(s: ArrayLike<number>): Promise<Float64Array> {
    const action = new Float64Array(this.actionDim);
    await this.modeBatch(Float64Array.from(s), 1, action);
    return action;
  }

  /** The most likely action node at each of B states, into `actions` (B×dA). */
  async modeBatch(states: Float64Array, count: number, actions: Float64Array): Promise<void> {
    const batch = await this.evaluateGrid(states, count);
    const G = this.actionNodes.count;
    for (let b = 0; b < count; b++) {
      let best = 0;
      for (let k = 1; k < G; k++) if (batch.gridLogits[b * G + k] > batch.gridLogits[b * G + best]) best = k;
      this.copyNode(best, actions, b);
    }
  }

  /** Runs the network on x(s_b, a_k) for every state of the batch and action node. */
  private async evaluateGrid(states: Float64Array, count: number): Promise<Batch> {
    const batch = this.batch(count);
    const { env, stateDim, actionNodes } = this;
    const p = env.featureDim;
    const G = actionNodes.count;
    const dA = actionNodes.dim;
    const separable = env.separableFeatures;
    for (let b = 0; b < count; b++) {
      const s = states.subarray(b * stateDim, (b + 1) * stateDim);
      if (!s.every(Number.isFinite)) throw new RangeError(`state ${b} is not finite: [${Array.from(s)}]`);
      for (let k = 0; k < G; k++) env.features(s, actionNodes.nodes.subarray(k * dA, (k + 1) * dA), batch.grid.data, (b * G + k) * p);
      if (separable && batch.grid.product) separable.state(s, batch.grid.product.outer, b * separable.stateDim);
    }
    await this.kernels.forward(this.theta, batch.grid, batch.gridLogits);
    return batch;
  }

  /** log Z(s_b) = log Σ_k ω_k e^{f(s_b,a_k)}, by log-sum-exp. */
  private logNormaliser(batch: Batch, b: number): number {
    const G = this.actionNodes.count;
    let largest = -Infinity;
    for (let k = 0; k < G; k++) largest = Math.max(largest, this.logWeights[k] + batch.gridLogits[b * G + k]);
    let sum = 0;
    for (let k = 0; k < G; k++) sum += Math.exp(this.logWeights[k] + batch.gridLogits[b * G + k] - largest);
    return largest + Math.log(sum);
  }

  private copyNode(k: number, actions: Float64Array, b: number): void {
    const dA = this.actionDim;
    for (let c = 0; c < dA; c++) actions[b * dA + c] = this.actionNodes.nodes[k * dA + c];
  }

  private batch(count: number): Batch {
    const cached = this.batches.get(count);
    if (cached) return cached;
    const { env, actionNodes } = this;
    const p = env.featureDim;
    const G = actionNodes.count;
    const separable = env.separableFeatures;
    let product: PointSet['product'];
    if (separable) {
      const inner = new Float64Array(G * separable.actionDim);
      for (let k = 0; k < G; k++) separable.action(actionNodes.nodes.subarray(k * actionNodes.dim, (k + 1) * actionNodes.dim), inner, k * separable.actionDim);
      product = { outerCount: count, outerDim: separable.stateDim, outer: new Float64Array(count * separable.stateDim), innerCount: G, innerDim: separable.actionDim, inner };
    }
    const batch: Batch = {
      count,
      grid: { count: count * G, dim: p, data: new Float64Array(count * G * p), product },
      gridLogits: new Float64Array(count * G),
      pairs: { count, dim: p, data: new Float64Array(count * p) },
      pairLogits: new Float64Array(count),
    };
    this.batches.set(count, batch);
    return batch;
  }
}
