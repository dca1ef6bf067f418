import { type Environment, type Random, type SeparableFeatures, type Space, UniformTorusMeasure } from '@mfpg/core';

/**
 * What the one-state benchmarks share (docs/math.md §7 B1, B5): the single state 0 (finite space,
 * counting measure, ρ = P(·|s,a) = δ_0), actions on the unit torus with μ uniform, and features
 * that are an action part only (`actionOnlyFeatures`). Each benchmark supplies its id, γ and features
 * (to the constructor) and reward.
 */
export abstract class OneStateTorusBandit implements Environment {
  abstract readonly id: string;
  readonly stateSpace: Space = { kind: 'finite', dim: 1, size: 1 };
  readonly actionSpace: Space = { kind: 'torus', dim: 1 };
  readonly actionMeasure = new UniformTorusMeasure(1);
  readonly featureDim: number;

  /**
   * @param separableFeatures the benchmark's features, an action part only. A constructor argument
   * rather than an abstract field, which a subclass sets only after this constructor has run.
   */
  constructor(
    readonly gamma: number,
    readonly separableFeatures: SeparableFeatures,
  ) {
    this.featureDim = separableFeatures.actionDim;
  }

  abstract reward(s: ArrayLike<number>, a: ArrayLike<number>): number;

  features(_s: ArrayLike<number>, a: ArrayLike<number>, out: Float64Array, offset: number): void {
    this.separableFeatures.action(a, out, offset);
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
