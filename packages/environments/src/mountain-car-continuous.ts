import { discountFactor, type Environment, gaussLegendre, type QuadratureRule, type Random, type SeparableFeatures, type Space, UniformBoxMeasure } from '@mfpg/core';
import { z } from 'zod';

/** Parameters of {@link MountainCarContinuous}; the physics is fixed to Gymnasium's MountainCarContinuous-v0 (docs/math.md §8). */
export const MountainCarContinuousParams = z
  .object({
    /** Discount γ ∈ [0, 1) of the infinite-horizon problem. */
    gamma: discountFactor.default(0.99),
    /**
     * `normalized` (default): features (x/1.2, v/0.07, u), each of order 1, so the prior's single
     * scale s0 suits every coordinate; `raw`: (x, v, u), where v ∈ [−0.07, 0.07] is 17× smaller
     * than x and a neuron needs weights ~1/0.07 to see the velocity at all.
     */
    featureScaling: z.enum(['normalized', 'raw'], { error: 'normalized or raw' }).default('normalized'),
  })
  .strict();
export type MountainCarContinuousParams = z.infer<typeof MountainCarContinuousParams>;

/** Gymnasium MountainCarContinuous-v0 constants. */
const MIN_POSITION = -1.2;
const MAX_POSITION = 0.6;
const MAX_SPEED = 0.07;
const GOAL_POSITION = 0.45;
const GOAL_VELOCITY = 0;
const POWER = 0.0015;

/** Features (x/ℓx, v/ℓv) and the force u, for state scales (ℓx, ℓv). */
function mountainCarFeatures(positionScale: number, velocityScale: number): SeparableFeatures {
  return {
    stateDim: 2,
    actionDim: 1,
    state(s, out, offset) {
      out[offset] = s[0] / positionScale;
      out[offset + 1] = s[1] / velocityScale;
    },
    action(a, out, offset) {
      out[offset] = a[0];
    },
  };
}

/**
 * Gymnasium's MountainCarContinuous-v0 as a discounted infinite-horizon MDP (docs/math.md §8): state
 * (x, v) ∈ [−1.2, 0.6] × [−0.07, 0.07], force u ∈ [−1, 1] with μ uniform. Deterministic step:
 * v ← clip(v + clip(u,−1,1)·0.0015 − 0.0025 cos 3x, ±0.07); x ← clip(x + v, −1.2, 0.6); at the left
 * wall (x = −1.2, v < 0) v ← 0. The reward is Gymnasium's: 100 when the step reaches the goal
 * (x ≥ 0.45 and v ≥ 0) minus 0.1u² (the unclipped u, as Gymnasium). Reached goal states are
 * terminal (`isTerminal`: the episode ends, no reward or entropy cost afterwards; the grid routes
 * them to an exact absorbing state); `nextState` keeps them fixed with reward 0. ρ: x ~ U[−0.6, −0.4], v = 0, which has no
 * density: grid evaluation uses {@link initialQuadrature}.
 */
export class MountainCarContinuous implements Environment {
  readonly id = 'mountain-car-continuous';
  readonly stateSpace: Space = { kind: 'box', dim: 2, low: [MIN_POSITION, -MAX_SPEED], high: [MAX_POSITION, MAX_SPEED] };
  readonly actionSpace: Space = { kind: 'box', dim: 1, low: [-1], high: [1] };
  readonly actionMeasure = new UniformBoxMeasure([-1], [1]);
  readonly gamma: number;
  readonly featureDim = 3;
  readonly separableFeatures: SeparableFeatures;
  /** Features are divided by these: (1.2, 0.07, 1) when `featureScaling` is `normalized`, else 1. */
  readonly featureScales: readonly number[];
  /** The goal pays 100 once and every other reward is ≤ 0, so no discounted return exceeds 100. */
  readonly valueBound = 100;
  /** Gymnasium's MountainCarContinuous-v0 episodes: truncated after 999 steps. */
  readonly episodeSteps = 999;
  readonly defaultGrid = { states: 41, actions: 9 };
  private readonly next = new Float64Array(2);

  constructor(readonly params: MountainCarContinuousParams = MountainCarContinuousParams.parse({})) {
    this.gamma = params.gamma;
    this.featureScales = params.featureScaling === 'normalized' ? [-MIN_POSITION, MAX_SPEED, 1] : [1, 1, 1];
    this.separableFeatures = mountainCarFeatures(this.featureScales[0], this.featureScales[1]);
  }

  /** Whether s is a reached (absorbing) goal state. */
  static reached(s: ArrayLike<number>): boolean {
    return s[0] >= GOAL_POSITION && s[1] >= GOAL_VELOCITY;
  }

  /** Reached goal states end the episode (Gymnasium's `terminated`). */
  isTerminal(s: ArrayLike<number>): boolean {
    return MountainCarContinuous.reached(s);
  }

  features(s: ArrayLike<number>, a: ArrayLike<number>, out: Float64Array, offset: number): void {
    this.separableFeatures.state(s, out, offset);
    this.separableFeatures.action(a, out, offset + 2);
  }

  reward(s: ArrayLike<number>, a: ArrayLike<number>): number {
    if (MountainCarContinuous.reached(s)) return 0;
    this.step(s, a, this.next);
    return (MountainCarContinuous.reached(this.next) ? 100 : 0) - 0.1 * a[0] * a[0];
  }

  nextState(s: ArrayLike<number>, a: ArrayLike<number>, out: Float64Array): void {
    if (MountainCarContinuous.reached(s)) {
      out[0] = s[0];
      out[1] = s[1];
      return;
    }
    this.step(s, a, out);
  }

  sampleInitialState(rng: Random, out: Float64Array): void {
    out[0] = -0.6 + 0.2 * rng.uniform();
    out[1] = 0;
  }

  sampleNextState(s: ArrayLike<number>, a: ArrayLike<number>, _rng: Random, out: Float64Array): void {
    this.nextState(s, a, out);
  }

  /** ρ = U[−0.6, −0.4] ⊗ δ_0: Gauss–Legendre in x (weights sum to 1), v = 0. */
  initialQuadrature(nodesPerDim: number): QuadratureRule {
    const rule = gaussLegendre(nodesPerDim, -0.6, -0.4);
    const nodes = new Float64Array(2 * rule.count);
    const weights = new Float64Array(rule.count);
    for (let j = 0; j < rule.count; j++) {
      nodes[2 * j] = rule.nodes[j];
      weights[j] = rule.weights[j] / 0.2;
    }
    return { count: rule.count, dim: 2, nodes, weights };
  }

  /** One Gymnasium step of the car (no goal check). */
  private step(s: ArrayLike<number>, a: ArrayLike<number>, out: Float64Array): void {
    const force = Math.min(Math.max(a[0], -1), 1);
    let velocity = s[1] + force * POWER - 0.0025 * Math.cos(3 * s[0]);
    velocity = Math.min(Math.max(velocity, -MAX_SPEED), MAX_SPEED);
    let position = s[0] + velocity;
    position = Math.min(Math.max(position, MIN_POSITION), MAX_POSITION);
    if (position === MIN_POSITION && velocity < 0) velocity = 0;
    out[0] = position;
    out[1] = velocity;
  }
}
