import { PluginError } from '../errors';
import type { Environment } from '../plugin-points/environment';
import type { PolicyNetwork } from '../plugin-points/evaluator';
import type { PointSet } from '../plugin-points/point-set';
import type { Random } from '../plugin-points/random';

/** A request that sees no acceptance in this many proposals is reported (acceptance ≤ 1e-6). */
const MAX_PROPOSALS_PER_REQUEST = 1_000_000;
/**
 * Mean proposals per accepted action above which one `sample` call is reported (mean acceptance
 * below 1e-3: the evaluation would cost a thousand times its nominal work, which a concentrated
 * unbounded policy can push to days), checked once at least PROPOSAL_BUDGET_FLOOR were made.
 */
const MAX_MEAN_PROPOSALS = 1000;
const PROPOSAL_BUDGET_FLOOR = 200_000;

/**
 * Exact sampling of a ~ π_ν(·|s) ∝ e^{f(s,a)} μ(da) by rejection from μ (docs/math.md §5), for many
 * states at once, plus an exactly unbiased estimate of log Z(s) = log ∫ e^{f(s,·)} dμ.
 *
 * Proposal a ~ μ is accepted with probability e^{f(s,a) − M}, M ≥ sup f. Each proposal is accepted
 * with probability p = Z(s) e^{−M}, so the number G of rejections before the acceptance is
 * Geometric(p) and independent of the accepted action. Since −log p = Σ_{n≥1} (1−p)^n / n and
 * P(G ≥ n) = (1−p)^n, the harmonic number H_G = Σ_{n=1}^{G} 1/n satisfies E[H_G] = −log p, so
 *   log Ẑ(s) = M − H_G   is unbiased for log Z(s),
 * and ℓ̂ = f(s,a) − M + H_G is unbiased for ℓ_π(s,a). Its variance stays bounded however small p is
 * (H_G ≈ log G + 0.577 and Var log G → π²/6 as p → 0), while the cost is 1/p proposals.
 *
 * Batching: every round proposes exactly `batchSize` actions (a fixed point count, so a backend
 * compiles its forward kernel once), shared round-robin among the requests still waiting; the
 * proposals of one request are examined in order and those after its acceptance are ignored, which
 * leaves the sequence of trials i.i.d. All buffers are allocated once.
 */
export class RejectionActionSampler {
  /** capacity×dS: the state of each request; callers write here before `sample`. */
  readonly requestStates: Float64Array;
  /** capacity×dA: the accepted action of each request. */
  readonly actions: Float64Array;
  /** capacity: f(s, a) at the accepted action. */
  readonly logits: Float64Array;
  /** capacity: H_G, the harmonic number of the rejection count (log Ẑ = M − H_G). */
  readonly harmonic: Float64Array;
  /** Proposals made and accepted since construction (acceptance-rate diagnostics). */
  proposals = 0;
  accepted = 0;

  private readonly stateViews: Float64Array[];
  private readonly actionViews: Float64Array[];
  private readonly candidateViews: Float64Array[];
  private readonly candidates: Float64Array;
  private readonly candidateLogits: Float64Array;
  private readonly owner: Int32Array;
  private readonly pending: Int32Array;
  private readonly rejections: Float64Array;
  private readonly done: Uint8Array;
  private readonly points: PointSet;

  constructor(
    private readonly env: Environment,
    readonly capacity: number,
    readonly batchSize: number,
  ) {
    const dS = env.stateSpace.dim;
    const dA = env.actionSpace.dim;
    const p = env.featureDim;
    this.requestStates = new Float64Array(capacity * dS);
    this.actions = new Float64Array(capacity * dA);
    this.logits = new Float64Array(capacity);
    this.harmonic = new Float64Array(capacity);
    this.stateViews = Array.from({ length: capacity }, (_, r) => this.requestStates.subarray(r * dS, (r + 1) * dS));
    this.actionViews = Array.from({ length: capacity }, (_, r) => this.actions.subarray(r * dA, (r + 1) * dA));
    this.candidates = new Float64Array(batchSize * dA);
    this.candidateViews = Array.from({ length: batchSize }, (_, b) => this.candidates.subarray(b * dA, (b + 1) * dA));
    this.candidateLogits = new Float64Array(batchSize);
    this.owner = new Int32Array(batchSize);
    this.pending = new Int32Array(capacity);
    this.rejections = new Float64Array(capacity);
    this.done = new Uint8Array(capacity);
    this.points = { count: batchSize, dim: p, data: new Float64Array(batchSize * p) };
  }

  /** The state view of request r (length dS), e.g. to pass to the environment. */
  state(r: number): Float64Array {
    return this.stateViews[r];
  }

  /** The accepted action of request r (length dA). */
  action(r: number): Float64Array {
    return this.actionViews[r];
  }

  /**
   * Samples one action for each of the requests 0 … count−1 (states in `requestStates`), given
   * M = `bound` ≥ sup f. Fills `actions`, `logits` and `harmonic` for them.
   */
  async sample(policy: PolicyNetwork, count: number, bound: number, rng: Random): Promise<void> {
    const { env, batchSize, pending, done, rejections, owner, candidateLogits, points } = this;
    const measure = env.actionMeasure;
    const dA = env.actionSpace.dim;
    const p = env.featureDim;
    // Round-off slack: f and M are sums of the same N terms, so they may differ by a few ulps.
    const tolerance = 1e-12 * Math.max(1, Math.abs(bound));
    for (let r = 0; r < count; r++) {
      pending[r] = r;
      done[r] = 0;
      rejections[r] = 0;
      this.harmonic[r] = 0;
    }
    let pendingCount = count;
    let start = 0;
    const firstProposal = this.proposals;
    const budget = Math.max(PROPOSAL_BUDGET_FLOOR, count * MAX_MEAN_PROPOSALS);
    while (pendingCount > 0) {
      if (this.proposals - firstProposal > budget) {
        throw new PluginError(
          'evaluator monte-carlo',
          `${this.proposals - firstProposal} proposals from μ accepted only ${count - pendingCount} of ${count} actions (bound M = ${bound}: π is too concentrated for rejection from μ); ` +
            'use the grid evaluator or a smaller output bound L (policy.outputBound)',
        );
      }
      for (let b = 0; b < batchSize; b++) {
        const r = pending[(start + b) % pendingCount];
        owner[b] = r;
        measure.sample(rng, this.candidates, b * dA);
        env.features(this.stateViews[r], this.candidateViews[b], points.data, b * p);
      }
      start = (start + batchSize) % pendingCount;
      await policy.forward(points, candidateLogits);
      for (let b = 0; b < batchSize; b++) {
        const r = owner[b];
        if (done[r]) continue;
        const f = candidateLogits[b];
        if (!(f <= bound + tolerance)) {
          throw new PluginError(
            'evaluator monte-carlo',
            Number.isNaN(f)
              ? `the network returned f = NaN at s = [${this.stateViews[r]}], a = [${this.candidateViews[b]}] (check the environment's features there)`
              : `f(s,a) = ${f} exceeds the bound M = ${bound} derived from the unit, so rejection sampling would be inexact; the unit's supremum is wrong`,
          );
        }
        this.proposals++;
        if (rng.uniform() < Math.exp(f - bound)) {
          done[r] = 1;
          this.accepted++;
          this.actionViews[r].set(this.candidateViews[b]);
          this.logits[r] = f;
        } else {
          rejections[r]++;
          this.harmonic[r] += 1 / rejections[r];
          if (rejections[r] >= MAX_PROPOSALS_PER_REQUEST) {
            throw new PluginError(
              'evaluator monte-carlo',
              `no action accepted in ${MAX_PROPOSALS_PER_REQUEST} proposals from μ at s = [${this.stateViews[r]}] ` +
                `(bound M = ${bound}: π is too concentrated for rejection from μ); use the grid evaluator or a smaller output bound L`,
            );
          }
        }
      }
      let kept = 0;
      for (let q = 0; q < pendingCount; q++) if (!done[pending[q]]) pending[kept++] = pending[q];
      pendingCount = kept;
      if (pendingCount > 0) start %= pendingCount;
    }
  }
}
