import { discountFactor, finiteNumber, type Environment, type Random, type Space } from '@mfpg/core';
import { z } from 'zod';
import { CountingMeasure } from './counting-measure';

/** Rows of probabilities must sum to 1 within this (absolute), allowing decimal input such as 1/3 ≈ 0.3333333333. */
const PROBABILITY_SUM_TOLERANCE = 1e-9;

const probability = z.number({ error: 'a probability in [0, 1]' }).min(0, { error: 'a probability in [0, 1]' }).max(1, { error: 'a probability in [0, 1]' });

/**
 * Parameters of {@link FiniteMdp}: S states, K actions, given as arrays. The default is a small
 * 2-state, 2-action example.
 */
export const FiniteMdpParams = z
  .object({
    /** S×K×S: transition[s][a][s'] = P(s'|s,a); every row sums to 1. */
    transition: z.array(z.array(z.array(probability).min(1)).min(1)).min(1).default([
      [
        [0.9, 0.1],
        [0.2, 0.8],
      ],
      [
        [0.7, 0.3],
        [0.05, 0.95],
      ],
    ]),
    /** S×K: reward[s][a] = r(s,a). */
    reward: z.array(z.array(finiteNumber('reward r(s,a)')).min(1)).min(1).default([
      [0, 0.5],
      [1, 0.2],
    ]),
    /** S: the initial law ρ; sums to 1. */
    initial: z.array(probability).min(1).default([1, 0]),
    /** Discount γ ∈ [0, 1). */
    gamma: discountFactor.default(0.9),
  })
  .strict()
  .superRefine((params, context) => {
    const S = params.initial.length;
    const K = params.reward[0].length;
    const fail = (path: (string | number)[], message: string, input: unknown) => context.addIssue({ code: 'custom', path, message, input });
    const sumsToOne = (row: number[]) => Math.abs(row.reduce((sum, p) => sum + p, 0) - 1) <= PROBABILITY_SUM_TOLERANCE;
    if (!sumsToOne(params.initial)) fail(['initial'], `probabilities summing to 1 (within ${PROBABILITY_SUM_TOLERANCE})`, params.initial);
    if (params.reward.length !== S) fail(['reward'], `S = ${S} rows (one per state, as initial)`, params.reward);
    params.reward.forEach((row, s) => {
      if (row.length !== K) fail(['reward', s], `K = ${K} entries (one per action, as reward[0])`, row);
    });
    if (params.transition.length !== S) return fail(['transition'], `S = ${S} blocks (one per state, as initial)`, params.transition);
    params.transition.forEach((block, s) => {
      if (block.length !== K) return fail(['transition', s], `K = ${K} rows (one per action, as reward[0])`, block);
      block.forEach((row, a) => {
        if (row.length !== S) fail(['transition', s, a], `S = ${S} probabilities P(·|s,a)`, row);
        else if (!sumsToOne(row)) fail(['transition', s, a], `probabilities P(·|s,a) summing to 1 (within ${PROBABILITY_SUM_TOLERANCE})`, row);
      });
    });
  });
export type FiniteMdpParams = z.infer<typeof FiniteMdpParams>;

/**
 * A finite (tabular) MDP from arrays (docs/math.md §1): S = {0, …, S−1}, A = {0, …, K−1} with μ the
 * counting measure normalised to 1/K per action ({@link CountingMeasure}). Features are the one-hot
 * vector of the pair, x(s,a) = e_{s·K+a} ∈ R^{S·K}, so the linear unit θ·x gives every tabular
 * softmax policy. Grid evaluation is exact (no discretisation).
 */
export class FiniteMdp implements Environment {
  readonly id = 'finite';
  readonly stateSpace: Space;
  readonly actionSpace: Space;
  readonly actionMeasure: CountingMeasure;
  readonly gamma: number;
  readonly featureDim: number;
  readonly stateCount: number;
  readonly actionCount: number;
  /** Cumulative transition rows, (S·K)×S, for inverse-CDF sampling. */
  private readonly cumulative: Float64Array;
  private readonly cumulativeInitial: Float64Array;

  constructor(readonly params: FiniteMdpParams = FiniteMdpParams.parse({})) {
    const S = params.initial.length;
    const K = params.reward[0].length;
    this.stateCount = S;
    this.actionCount = K;
    this.stateSpace = { kind: 'finite', dim: 1, size: S };
    this.actionSpace = { kind: 'finite', dim: 1, size: K };
    this.actionMeasure = new CountingMeasure(K);
    this.gamma = params.gamma;
    this.featureDim = S * K;
    this.cumulative = new Float64Array(S * K * S);
    params.transition.forEach((block, s) =>
      block.forEach((row, a) => {
        let sum = 0;
        row.forEach((p, next) => (this.cumulative[(s * K + a) * S + next] = sum += p));
      }),
    );
    this.cumulativeInitial = new Float64Array(S);
    let sum = 0;
    params.initial.forEach((p, s) => (this.cumulativeInitial[s] = sum += p));
  }

  features(s: ArrayLike<number>, a: ArrayLike<number>, out: Float64Array, offset: number): void {
    out.fill(0, offset, offset + this.featureDim);
    out[offset + s[0] * this.actionCount + a[0]] = 1;
  }

  reward(s: ArrayLike<number>, a: ArrayLike<number>): number {
    return this.params.reward[s[0]][a[0]];
  }

  sampleInitialState(rng: Random, out: Float64Array): void {
    out[0] = inverseCdf(this.cumulativeInitial, 0, this.stateCount, rng.uniform());
  }

  sampleNextState(s: ArrayLike<number>, a: ArrayLike<number>, rng: Random, out: Float64Array): void {
    out[0] = inverseCdf(this.cumulative, (s[0] * this.actionCount + a[0]) * this.stateCount, this.stateCount, rng.uniform());
  }

  /** ρ(s) w.r.t. counting measure. */
  initialDensity(s: ArrayLike<number>): number {
    return this.params.initial[s[0]];
  }

  /** P(s'|s,a) w.r.t. counting measure. */
  transitionDensity(s: ArrayLike<number>, a: ArrayLike<number>, next: ArrayLike<number>): number {
    return this.params.transition[s[0]][a[0]][next[0]];
  }
}

/** The first index j with u < cdf[j] (u ∈ [0,1)); the last index with positive mass if round-off leaves cdf < 1. */
function inverseCdf(cdf: Float64Array, offset: number, count: number, u: number): number {
  for (let j = 0; j < count; j++) if (u < cdf[offset + j]) return j;
  let last = count - 1;
  while (last > 0 && cdf[offset + last] === cdf[offset + last - 1]) last--;
  return last;
}
