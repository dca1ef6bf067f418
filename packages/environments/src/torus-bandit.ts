import { discountFactor, finiteNumber, type Environment, type Random, type SeparableFeatures, type Space, UniformTorusMeasure } from '@mfpg/core';
import { z } from 'zod';
import { torusFeatures } from './torus-embedding';

/** Parameters of {@link TorusBandit}. */
export const TorusBanditParams = z
  .object({
    /** Reward amplitude α. */
    alpha: finiteNumber('reward amplitude α').default(1),
    /** The best action a0 ∈ [0,1) (any real, taken mod 1). */
    a0: finiteNumber('best action a0').default(0.25),
    /** Discount γ ∈ [0, 1). */
    gamma: discountFactor.default(0.9),
  })
  .strict();
export type TorusBanditParams = z.infer<typeof TorusBanditParams>;

const TWO_PI = 2 * Math.PI;

/** Features of the bandit: only the action part (cos 2πa, sin 2πa); the single state has none. */
const banditFeatures: SeparableFeatures = {
  stateDim: 0,
  actionDim: 2,
  state(): void {},
  action: torusFeatures.action,
};

/**
 * Benchmark B1 (MATH.md §7): one state, actions on the torus [0,1) with μ uniform,
 * r(a) = α cos 2π(a − a0). Closed form: π* ∝ exp(r/τ), V* = τ log I0(α/τ)/(1−γ)
 * (see closed-forms.ts).
 */
export class TorusBandit implements Environment {
  readonly id = 'torus-bandit';
  readonly stateSpace: Space = { kind: 'finite', dim: 1, size: 1 };
  readonly actionSpace: Space = { kind: 'torus', dim: 1 };
  readonly actionMeasure = new UniformTorusMeasure(1);
  readonly gamma: number;
  readonly featureDim = 2;
  readonly separableFeatures = banditFeatures;

  constructor(readonly params: TorusBanditParams = TorusBanditParams.parse({})) {
    this.gamma = params.gamma;
  }

  features(_s: ArrayLike<number>, a: ArrayLike<number>, out: Float64Array, offset: number): void {
    torusFeatures.action(a, out, offset);
  }

  reward(_s: ArrayLike<number>, a: ArrayLike<number>): number {
    return this.params.alpha * Math.cos(TWO_PI * (a[0] - this.params.a0));
  }

  sampleInitialState(_rng: Random, out: Float64Array): void {
    out[0] = 0;
  }

  sampleNextState(_s: ArrayLike<number>, _a: ArrayLike<number>, _rng: Random, out: Float64Array): void {
    out[0] = 0;
  }

  /** Counting density of ρ = δ_0. */
  initialDensity(s: ArrayLike<number>): number {
    return s[0] === 0 ? 1 : 0;
  }

  /** Counting density of P(·|s,a) = δ_0. */
  transitionDensity(_s: ArrayLike<number>, _a: ArrayLike<number>, next: ArrayLike<number>): number {
    return next[0] === 0 ? 1 : 0;
  }
}
