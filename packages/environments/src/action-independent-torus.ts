import { discountFactor, finiteNumber, nonNegativeNumber, type Environment, type Random, type Space, UniformTorusMeasure } from '@mfpg/core';
import { z } from 'zod';
import { torusFeatures, wrapToTorus } from './torus-embedding';
import { VonMises } from './von-mises';

/** Parameters of {@link ActionIndependentTorus} (MATH.md §7 B2 suggested values). */
export const ActionIndependentTorusParams = z
  .object({
    /** Discount γ ∈ [0, 1). */
    gamma: discountFactor.default(0.9),
    /** Weight α of the action-tracking reward α cos 2π(a − s). */
    alpha: finiteNumber('reward amplitude α').default(0.2),
    /** Concentration κP ≥ 0 of the von Mises transition. */
    kappaP: nonNegativeNumber('von Mises concentration κP').default(30),
    /** Drift β0 of the transition mean s + β0. */
    beta0: finiteNumber('drift β0').default(0.13),
  })
  .strict();
export type ActionIndependentTorusParams = z.infer<typeof ActionIndependentTorusParams>;

const TWO_PI = 2 * Math.PI;

/**
 * Benchmark B2 (MATH.md §7): S = A = torus, μ uniform, ρ uniform; P(ds'|s) von Mises with mean
 * s + β0 and concentration κP, independent of a; r(s,a) = α cos 2π(a − s) + cos 2πs.
 * The soft optimum is in closed form (closed-forms.ts).
 */
export class ActionIndependentTorus implements Environment {
  readonly id = 'action-independent-torus';
  readonly stateSpace: Space = { kind: 'torus', dim: 1 };
  readonly actionSpace: Space = { kind: 'torus', dim: 1 };
  readonly actionMeasure = new UniformTorusMeasure(1);
  readonly gamma: number;
  readonly featureDim = 4;
  readonly separableFeatures = torusFeatures;
  private readonly kernel: VonMises;

  constructor(readonly params: ActionIndependentTorusParams = ActionIndependentTorusParams.parse({})) {
    this.gamma = params.gamma;
    this.kernel = new VonMises(params.kappaP);
  }

  features(s: ArrayLike<number>, a: ArrayLike<number>, out: Float64Array, offset: number): void {
    torusFeatures.state(s, out, offset);
    torusFeatures.action(a, out, offset + 2);
  }

  reward(s: ArrayLike<number>, a: ArrayLike<number>): number {
    return this.params.alpha * Math.cos(TWO_PI * (a[0] - s[0])) + Math.cos(TWO_PI * s[0]);
  }

  sampleInitialState(rng: Random, out: Float64Array): void {
    out[0] = rng.uniform();
  }

  sampleNextState(s: ArrayLike<number>, _a: ArrayLike<number>, rng: Random, out: Float64Array): void {
    out[0] = this.kernel.sample(rng, wrapToTorus(s[0] + this.params.beta0));
  }

  /** ρ uniform on the torus: density 1. */
  initialDensity(): number {
    return 1;
  }

  transitionDensity(s: ArrayLike<number>, _a: ArrayLike<number>, next: ArrayLike<number>): number {
    return this.kernel.density(next[0], s[0] + this.params.beta0);
  }
}
