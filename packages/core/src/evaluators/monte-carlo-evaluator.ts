import { PluginError } from '../errors';
import { type LogitBound, logitBound } from '../monte-carlo/logit-bound';
import { RejectionActionSampler } from '../monte-carlo/rejection-action-sampler';
import type { Environment } from '../plugin-points/environment';
import type { Evaluator, PolicyNetwork } from '../plugin-points/evaluator';
import type { PointSet } from '../plugin-points/point-set';
import type { Random } from '../plugin-points/random';
import type { Unit } from '../plugin-points/unit';
import type { MonteCarloEvaluatorOptions, MonteCarloPolicyEvaluation } from './monte-carlo-evaluation';
import { terminalFlag } from './terminal-routing';

/**
 * Proposals per forward call by default: late in a rollout wave only a few chains still wait, and
 * every call costs its full batch, so smaller batches waste less (measured on B3 with S = 256,
 * K = 4, N = 1000: 256 instead of 1024 makes an evaluation 1.7× faster).
 */
const DEFAULT_PROPOSAL_BATCH = 256;

/**
 * Monte Carlo policy evaluation (docs/math.md §5) for sampler-only or high-dimensional MDPs: it needs
 * only `sampleInitialState`, `sampleNextState`, `reward`, `features` and μ's sampler.
 *
 * 1. Occupancy: s_0 ~ ρ, T ~ Geom with P(T ≥ n) = γ^n, s_i = s_T of a trajectory under π; then
 *    s_i ~ d^π_ρ = (1−γ) Σ_n γ^n ρP_π^n exactly.
 * 2. Actions a_ik ~ π(·|s_i), k < K, exactly, by rejection from μ (`RejectionActionSampler`).
 * 3. Q̂(s,a) = r(s,a) + Σ_{n=1}^{H} [r(s_n,a_n) − τ ℓ̂(s_n,a_n)], P(H ≥ n) = γ^n, averaged over R
 *    rollouts: E[Q̂] = r + Σ_n γ^n E[r − τℓ] = Q^π(s,a) (soft Q, docs/math.md §1), because
 *    ℓ̂ = f − M + H_G is exactly unbiased for ℓ = f − log Z (harmonic-number estimator of log Z).
 * 4. Advantage with a leave-one-out baseline: y_ik = Q̂_ik − τ f_ik, b_ik = mean_{k'≠k} y_ik',
 *    W_ik = (y_ik − b_ik) / (S·K·(1−γ)). Given s_i, b_ik is independent of a_ik and
 *    E[b_ik | s_i] = V^π(s_i) − τ log Z(s_i), so E[(y_ik − b_ik) ∇φ(θ, x_ik)] = E[A^π ∇φ] with
 *    A^π = Q^π − τℓ − V^π: the unknown τ log Z(s_i) cancels, and Σ_j W_j ∇φ is unbiased for
 *    D F(ν,θ) = 1/(1−γ) E_{d,π}[A ∇φ] (docs/math.md §3).
 * 5. F̂ = mean_i [Σ_{n<T} (r − τℓ̂)(s_n,a_n) + (1/K) Σ_k (r − τℓ̂)(s_i,a_ik)], unbiased for
 *    ∫ V^π dρ (same geometric horizon T as step 1).
 *
 * Terminal states (`env.isTerminal`, docs/math.md §8) are absorbing, exactly as on the grid
 * (`TerminalRouting`) and in Gymnasium's episodes: a transition that enters one ends its trajectory,
 * after that step's reward, with no further reward, entropy cost or transition. A trajectory of
 * step 1 that terminates before T yields the absorbing state (value 0, no action): its F̂ term is
 * the sum up to termination and its K points get weight 0 (x = 0), so d^π_ρ is the sub-probability
 * occupancy of the states not yet terminated, as the grid's. A rollout of step 3 that terminates
 * stops there. States drawn from ρ are not tested (Gymnasium never resets into a terminal state).
 *
 * Everything is exactly unbiased (no consistent-only step): the only approximation is Monte Carlo
 * noise, O(1/√(S·K·R)). The point count S·K is fixed, so backends compile once. Needs a bounded
 * unit (see `logitBound`).
 */
export class MonteCarloEvaluator implements Evaluator {
  readonly name = 'monte-carlo';
  readonly pointCount: number;
  private readonly bound: LogitBound;
  private readonly sampler: RejectionActionSampler;
  private readonly points: PointSet;
  private readonly weights: Float64Array;
  private readonly states: Float64Array;
  private readonly stateViews: Float64Array[];
  private readonly stateValues: Float64Array;
  /** S: 1 where draw i ended in the absorbing state. */
  private readonly terminated: Uint8Array;
  /** The draws i not terminated, in order: their K actions fill sampler slots r·K … r·K+K−1. */
  private readonly liveRows: Int32Array;
  private readonly actions: Float64Array;
  private readonly qHat: Float64Array;
  private readonly logits: Float64Array;
  private readonly rewards: Float64Array;
  /** Chains of the rollouts (capacity S·K·R): current state and action, accumulated return. */
  private readonly chainStates: Float64Array;
  private readonly chainStateViews: Float64Array[];
  private readonly chainActions: Float64Array;
  private readonly chainActionViews: Float64Array[];
  private readonly chainReturns: Float64Array;
  private readonly active: Int32Array;
  private readonly nextState: Float64Array;
  /** τ of the next evaluation: options.tau until {@link setEntropyStrength}. */
  private tau: number;

  constructor(
    private readonly env: Environment,
    unit: Unit,
    particleCount: number,
    readonly options: MonteCarloEvaluatorOptions,
  ) {
    const { states: S, actionsPerState: K, horizonSamples: R } = options;
    if (!(options.tau > 0)) throw new RangeError(`MonteCarloEvaluator: τ must be > 0, got ${options.tau}`);
    this.tau = options.tau;
    if (!(Number.isInteger(K) && K >= 2)) throw new RangeError(`MonteCarloEvaluator: actionsPerState must be an integer ≥ 2, got ${K}`);
    const dS = env.stateSpace.dim;
    const dA = env.actionSpace.dim;
    const p = env.featureDim;
    this.bound = logitBound(unit, particleCount, unit.parameterDim(p));
    this.pointCount = S * K;
    const chains = S * K * R;
    this.sampler = new RejectionActionSampler(env, Math.max(S, chains), options.proposalBatch ?? Math.min(DEFAULT_PROPOSAL_BATCH, this.pointCount));
    this.points = { count: this.pointCount, dim: p, data: new Float64Array(this.pointCount * p) };
    this.weights = new Float64Array(this.pointCount);
    this.states = new Float64Array(S * dS);
    this.stateViews = Array.from({ length: S }, (_, i) => this.states.subarray(i * dS, (i + 1) * dS));
    this.stateValues = new Float64Array(S);
    this.terminated = new Uint8Array(S);
    this.liveRows = new Int32Array(S);
    this.actions = new Float64Array(this.pointCount * dA);
    this.qHat = new Float64Array(this.pointCount);
    this.logits = new Float64Array(this.pointCount);
    this.rewards = new Float64Array(this.pointCount);
    this.chainStates = new Float64Array(chains * dS);
    this.chainStateViews = Array.from({ length: chains }, (_, c) => this.chainStates.subarray(c * dS, (c + 1) * dS));
    this.chainActions = new Float64Array(chains * dA);
    this.chainActionViews = Array.from({ length: chains }, (_, c) => this.chainActions.subarray(c * dA, (c + 1) * dA));
    this.chainReturns = new Float64Array(chains);
    this.active = new Int32Array(Math.max(S, chains));
    this.nextState = new Float64Array(dS);
  }

  /** Sets τ > 0 for the evaluations that follow (a τ schedule). */
  setEntropyStrength(tau: number): void {
    if (!(Number.isFinite(tau) && tau > 0)) throw new RangeError(`MonteCarloEvaluator: τ must be finite and > 0, got ${tau}`);
    this.tau = tau;
  }

  async evaluate(policy: PolicyNetwork, rng: Random): Promise<MonteCarloPolicyEvaluation> {
    if (policy.theta === undefined) {
      throw new PluginError('evaluator monte-carlo', 'the policy network does not expose its particles θ, needed for the bound M ≥ sup f');
    }
    const { env, sampler, options } = this;
    const { states: S, actionsPerState: K, horizonSamples: R } = options;
    const tau = this.tau;
    const gamma = env.gamma;
    const p = env.featureDim;
    const M = this.bound(policy.theta);
    const proposalsBefore = sampler.proposals;
    const acceptedBefore = sampler.accepted;

    // 1. s_i ~ d^π_ρ: walk each trajectory while a γ-coin says T ≥ n + 1, collecting F̂'s terms n < T.
    for (let i = 0; i < S; i++) {
      env.sampleInitialState(rng, this.stateViews[i]);
      this.stateValues[i] = 0;
      this.terminated[i] = 0;
      this.active[i] = i;
    }
    let activeCount = S;
    for (;;) {
      let kept = 0;
      for (let q = 0; q < activeCount; q++) if (rng.uniform() < gamma) this.active[kept++] = this.active[q];
      activeCount = kept;
      if (activeCount === 0) break;
      for (let q = 0; q < activeCount; q++) sampler.state(q).set(this.stateViews[this.active[q]]);
      await sampler.sample(policy, activeCount, M, rng);
      let alive = 0;
      for (let q = 0; q < activeCount; q++) {
        const i = this.active[q];
        const s = this.stateViews[i];
        const a = sampler.action(q);
        this.stateValues[i] += this.checkedReward(s, a) - tau * (sampler.logits[q] - M + sampler.harmonic[q]);
        env.sampleNextState(s, a, rng, this.nextState);
        s.set(this.nextState);
        if (this.isTerminal(s)) this.terminated[i] = 1;
        else this.active[alive++] = i;
      }
      activeCount = alive;
    }

    // 2. K exact actions at each live s_i (sampler slots r·K + k); the points x(s_i, a_ik) and F̂'s
    //    last term. A terminated draw (the absorbing state) has no action: x = 0 with weight 0.
    let liveCount = 0;
    for (let i = 0; i < S; i++) if (this.terminated[i] === 0) this.liveRows[liveCount++] = i;
    for (let r = 0; r < liveCount; r++) for (let k = 0; k < K; k++) sampler.state(r * K + k).set(this.stateViews[this.liveRows[r]]);
    if (liveCount > 0) await sampler.sample(policy, liveCount * K, M, rng);
    const dA = env.actionSpace.dim;
    if (liveCount < S) {
      this.actions.fill(0);
      this.points.data.fill(0);
      this.logits.fill(0);
      this.rewards.fill(0);
    }
    for (let r = 0; r < liveCount; r++) {
      const i = this.liveRows[r];
      for (let k = 0; k < K; k++) {
        const j = i * K + k;
        const slot = r * K + k;
        const a = sampler.action(slot);
        this.actions.set(a, j * dA);
        env.features(this.stateViews[i], a, this.points.data, j * p);
        this.logits[j] = sampler.logits[slot];
        this.rewards[j] = this.checkedReward(this.stateViews[i], a);
        this.stateValues[i] += (this.rewards[j] - tau * (sampler.logits[slot] - M + sampler.harmonic[slot])) / K;
      }
    }

    // 3. Q̂ by R geometric-horizon rollouts from each live (s_i, a_ik) (the sampler still holds a_ik);
    //    a rollout that enters a terminal state stops there.
    activeCount = 0;
    for (let r = 0; r < liveCount; r++) {
      const i = this.liveRows[r];
      for (let k = 0; k < K; k++) {
        const j = i * K + k;
        for (let h = 0; h < R; h++) {
          const c = j * R + h;
          this.chainStateViews[c].set(this.stateViews[i]);
          this.chainActionViews[c].set(sampler.action(r * K + k));
          this.chainReturns[c] = this.rewards[j];
          this.active[activeCount++] = c;
        }
      }
    }
    for (;;) {
      let kept = 0;
      for (let q = 0; q < activeCount; q++) if (rng.uniform() < gamma) this.active[kept++] = this.active[q];
      activeCount = kept;
      if (activeCount === 0) break;
      let alive = 0;
      for (let q = 0; q < activeCount; q++) {
        const c = this.active[q];
        env.sampleNextState(this.chainStateViews[c], this.chainActionViews[c], rng, this.nextState);
        this.chainStateViews[c].set(this.nextState);
        if (this.isTerminal(this.nextState)) continue;
        sampler.state(alive).set(this.nextState);
        this.active[alive++] = c;
      }
      activeCount = alive;
      if (activeCount === 0) break;
      await sampler.sample(policy, activeCount, M, rng);
      for (let q = 0; q < activeCount; q++) {
        const c = this.active[q];
        const a = sampler.action(q);
        this.chainActionViews[c].set(a);
        this.chainReturns[c] += this.checkedReward(this.chainStateViews[c], a) - tau * (sampler.logits[q] - M + sampler.harmonic[q]);
      }
    }

    // 4. Leave-one-out baseline: W_ik = (y_ik − mean_{k'≠k} y_ik') / (S·K·(1−γ)) = K/(K−1)·(y_ik − ȳ_i)/(S·K·(1−γ)).
    const scale = K / (K - 1) / (S * K * (1 - gamma));
    for (let i = 0; i < S; i++) {
      if (this.terminated[i] === 1) {
        this.qHat.fill(0, i * K, (i + 1) * K);
        this.weights.fill(0, i * K, (i + 1) * K);
        continue;
      }
      let mean = 0;
      for (let k = 0; k < K; k++) {
        const j = i * K + k;
        let q = 0;
        for (let r = 0; r < R; r++) q += this.chainReturns[j * R + r];
        this.qHat[j] = q / R;
        mean += this.qHat[j] - tau * this.logits[j];
      }
      mean /= K;
      for (let k = 0; k < K; k++) {
        const j = i * K + k;
        this.weights[j] = (this.qHat[j] - tau * this.logits[j] - mean) * scale;
      }
    }

    let value = 0;
    for (let i = 0; i < S; i++) value += this.stateValues[i];
    const proposals = sampler.proposals - proposalsBefore;
    return {
      value: value / S,
      points: this.points,
      weights: this.weights,
      states: this.states,
      terminated: this.terminated,
      actions: this.actions,
      qHat: this.qHat,
      logits: this.logits,
      logitBound: M,
      acceptanceRate: proposals > 0 ? (sampler.accepted - acceptedBefore) / proposals : 1,
    };
  }

  /** Whether s is terminal (never, for environments without `isTerminal`). */
  private isTerminal(s: Float64Array): boolean {
    return this.env.isTerminal !== undefined && terminalFlag(this.env, s) === 1;
  }

  /** r(s,a), which must be finite: a NaN here would silently poison F̂ and every weight. */
  private checkedReward(s: Float64Array, a: Float64Array): number {
    const r = this.env.reward(s, a);
    if (!Number.isFinite(r)) throw new PluginError(`environment '${this.env.id}'`, `reward returned ${r} at s = [${s}], a = [${a}]`);
    return r;
  }
}
