import { discountFactor, type Environment, gaussLegendre, type QuadratureRule, type Random, type SeparableFeatures, type Space, tensorProduct, UniformBoxMeasure } from '@mfpg/core';
import { z } from 'zod';

/** Parameters of {@link Pendulum}; the physics is fixed to Gymnasium's Pendulum-v1 (docs/math.md §8). */
export const PendulumParams = z
  .object({
    /** Discount γ ∈ [0, 1) of the infinite-horizon problem. */
    gamma: discountFactor.default(0.98),
    /**
     * `raw` (default): features (cos θ, sin θ, θ̇, u) with θ̇ ∈ [−8, 8]; `normalized`:
     * (cos θ, sin θ, θ̇/8, u/2), every coordinate in [−1, 1] for the prior's single scale s0.
     */
    featureScaling: z.enum(['raw', 'normalized'], { error: 'raw or normalized' }).default('raw'),
  })
  .strict();
export type PendulumParams = z.infer<typeof PendulumParams>;

/** Gymnasium Pendulum-v1 constants. */
const GRAVITY = 10;
const MASS = 1;
const LENGTH = 1;
const DT = 0.05;
const MAX_SPEED = 8;
const MAX_TORQUE = 2;
const TWO_PI = 2 * Math.PI;

/** norm(θ) = ((θ + π) mod 2π) − π ∈ [−π, π), Gymnasium's angle_normalize (floored modulo). */
export function normalizeAngle(theta: number): number {
  return ((((theta + Math.PI) % TWO_PI) + TWO_PI) % TWO_PI) - Math.PI;
}

/** Observation (cos θ, sin θ, θ̇/ℓθ̇) and the torque u/ℓu. */
function pendulumFeatures(speedScale: number, torqueScale: number): SeparableFeatures {
  return {
    stateDim: 3,
    actionDim: 1,
    state(s, out, offset) {
      out[offset] = Math.cos(s[0]);
      out[offset + 1] = Math.sin(s[0]);
      out[offset + 2] = s[1] / speedScale;
    },
    action(a, out, offset) {
      out[offset] = a[0] / torqueScale;
    },
  };
}

/**
 * Gymnasium's Pendulum-v1 as a discounted infinite-horizon MDP (docs/math.md §8): state (θ, θ̇) in the
 * box [−π, π] × [−8, 8] with θ periodic, torque u ∈ [−2, 2] with μ uniform, g = 10, m = l = 1,
 * dt = 0.05. Deterministic: θ̇' = clip(θ̇ + (3g/(2l) sin θ + 3u/(m l²)) dt, −8, 8), θ' = θ + θ̇' dt
 * (stored normalised to [−π, π)); r = −(norm(θ)² + 0.1 θ̇² + 0.001 u²) from the pre-step state and
 * the clipped torque. ρ: θ ~ U[−π, π], θ̇ ~ U[−1, 1]. Features (cos θ, sin θ, θ̇, u).
 */
export class Pendulum implements Environment {
  readonly id = 'pendulum';
  readonly stateSpace: Space = { kind: 'box', dim: 2, low: [-Math.PI, -MAX_SPEED], high: [Math.PI, MAX_SPEED] };
  readonly actionSpace: Space = { kind: 'box', dim: 1, low: [-MAX_TORQUE], high: [MAX_TORQUE] };
  readonly actionMeasure = new UniformBoxMeasure([-MAX_TORQUE], [MAX_TORQUE]);
  readonly gamma: number;
  readonly featureDim = 4;
  readonly separableFeatures: SeparableFeatures;
  /** Features are divided by these: (1, 1, 8, 2) when `featureScaling` is `normalized`, else 1. */
  readonly featureScales: readonly number[];
  /** θ has period 2π; θ̇ is clipped. */
  readonly statePeriods = [TWO_PI, 0];
  /** Gymnasium's Pendulum-v1 episodes: truncated after 200 steps. */
  readonly episodeSteps = 200;
  /** 41×41 states × 9 actions: 1681 states, solved by warm-started GMRES. */
  readonly defaultGrid = { states: 41, actions: 9 };

  constructor(readonly params: PendulumParams = PendulumParams.parse({})) {
    this.gamma = params.gamma;
    this.featureScales = params.featureScaling === 'normalized' ? [1, 1, MAX_SPEED, MAX_TORQUE] : [1, 1, 1, 1];
    this.separableFeatures = pendulumFeatures(this.featureScales[2], this.featureScales[3]);
  }

  features(s: ArrayLike<number>, a: ArrayLike<number>, out: Float64Array, offset: number): void {
    this.separableFeatures.state(s, out, offset);
    this.separableFeatures.action(a, out, offset + 3);
  }

  reward(s: ArrayLike<number>, a: ArrayLike<number>): number {
    const u = clip(a[0], -MAX_TORQUE, MAX_TORQUE);
    const theta = normalizeAngle(s[0]);
    return -(theta * theta + 0.1 * s[1] * s[1] + 0.001 * u * u);
  }

  nextState(s: ArrayLike<number>, a: ArrayLike<number>, out: Float64Array): void {
    const u = clip(a[0], -MAX_TORQUE, MAX_TORQUE);
    const thetaDot = clip(s[1] + ((3 * GRAVITY) / (2 * LENGTH) * Math.sin(s[0]) + (3 / (MASS * LENGTH * LENGTH)) * u) * DT, -MAX_SPEED, MAX_SPEED);
    out[0] = normalizeAngle(s[0] + thetaDot * DT);
    out[1] = thetaDot;
  }

  sampleInitialState(rng: Random, out: Float64Array): void {
    out[0] = -Math.PI + TWO_PI * rng.uniform();
    out[1] = -1 + 2 * rng.uniform();
  }

  sampleNextState(s: ArrayLike<number>, a: ArrayLike<number>, _rng: Random, out: Float64Array): void {
    this.nextState(s, a, out);
  }

  /** ρ = U[−π, π] × U[−1, 1]: density 1/(4π) on its support. */
  initialDensity(s: ArrayLike<number>): number {
    return Math.abs(s[1]) <= 1 && Math.abs(s[0]) <= Math.PI ? 1 / (4 * Math.PI) : 0;
  }

  /** Gauss–Legendre on the support of ρ (more accurate on grids than the indicator density). */
  initialQuadrature(nodesPerDim: number): QuadratureRule {
    const rule = tensorProduct([gaussLegendre(nodesPerDim, -Math.PI, Math.PI), gaussLegendre(nodesPerDim, -1, 1)]);
    for (let j = 0; j < rule.count; j++) rule.weights[j] /= 4 * Math.PI;
    return rule;
  }
}

function clip(x: number, low: number, high: number): number {
  return Math.min(Math.max(x, low), high);
}
