import { discountFactor, finiteNumber, nonNegativeNumber, type Environment, type Random, type Space, UniformTorusMeasure } from '@mfpg/core';
import { z } from 'zod';
import { torusFeatures, wrapToTorus } from './torus-embedding';
import { VonMises } from './von-mises';

/** Parameters of {@link ControlledTorus} (MATH.md §7 B3 values). */
export const ControlledTorusParams = z
  .object({
    /** Steering strength β: the transition mean is s + β sin 2πa. */
    beta: finiteNumber('steering strength β').default(0.1),
    /** Concentration κP ≥ 0 of the von Mises transition. */
    kappaP: nonNegativeNumber('von Mises concentration κP').default(50),
    /** Action cost weight cA in r = cos 2πs − cA (1 − cos 2πa). */
    cA: finiteNumber('action cost cA').default(0.2),
    /** Discount γ ∈ [0, 1). */
    gamma: discountFactor.default(0.9),
  })
  .strict();
export type ControlledTorusParams = z.infer<typeof ControlledTorusParams>;

const TWO_PI = 2 * Math.PI;

/**
 * Benchmark B3 (MATH.md §7), the main network benchmark: S = A = torus, μ uniform, ρ uniform;
 * P(ds'|s,a) von Mises with mean s + β sin 2πa and concentration κP;
 * r(s,a) = cos 2πs − cA (1 − cos 2πa). Reference values come from the grid evaluator.
 */
export class ControlledTorus implements Environment {
  readonly id = 'controlled-torus';
  readonly stateSpace: Space = { kind: 'torus', dim: 1 };
  readonly actionSpace: Space = { kind: 'torus', dim: 1 };
  readonly actionMeasure = new UniformTorusMeasure(1);
  readonly gamma: number;
  readonly featureDim = 4;
  readonly separableFeatures = torusFeatures;
  private readonly kernel: VonMises;

  constructor(readonly params: ControlledTorusParams = ControlledTorusParams.parse({})) {
    this.gamma = params.gamma;
    this.kernel = new VonMises(params.kappaP);
  }

  features(s: ArrayLike<number>, a: ArrayLike<number>, out: Float64Array, offset: number): void {
    torusFeatures.state(s, out, offset);
    torusFeatures.action(a, out, offset + 2);
  }

  reward(s: ArrayLike<number>, a: ArrayLike<number>): number {
    return Math.cos(TWO_PI * s[0]) - this.params.cA * (1 - Math.cos(TWO_PI * a[0]));
  }

  sampleInitialState(rng: Random, out: Float64Array): void {
    out[0] = rng.uniform();
  }

  sampleNextState(s: ArrayLike<number>, a: ArrayLike<number>, rng: Random, out: Float64Array): void {
    out[0] = this.kernel.sample(rng, wrapToTorus(this.driftedMean(s, a)));
  }

  /** ρ uniform on the torus: density 1. */
  initialDensity(): number {
    return 1;
  }

  transitionDensity(s: ArrayLike<number>, a: ArrayLike<number>, next: ArrayLike<number>): number {
    return this.kernel.density(next[0], this.driftedMean(s, a));
  }

  private driftedMean(s: ArrayLike<number>, a: ArrayLike<number>): number {
    return s[0] + this.params.beta * Math.sin(TWO_PI * a[0]);
  }
}
