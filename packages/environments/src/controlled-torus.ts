import { discountFactor, finiteNumber, nonNegativeNumber } from '@mfpg/core';
import { z } from 'zod';
import { VonMisesTorusMdp } from './von-mises-torus-mdp';
import { TWO_PI } from './two-pi';

/** Parameters of {@link ControlledTorus} (docs/math.md §7 B3 values). */
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

/**
 * Benchmark B3 (docs/math.md §7), the main network benchmark: S = A = torus, μ uniform, ρ uniform;
 * P(ds'|s,a) von Mises with mean s + β sin 2πa and concentration κP;
 * r(s,a) = cos 2πs − cA (1 − cos 2πa). Reference values come from the grid evaluator.
 */
export class ControlledTorus extends VonMisesTorusMdp {
  readonly id = 'controlled-torus';

  constructor(readonly params: ControlledTorusParams = ControlledTorusParams.parse({})) {
    super(params.gamma, params.kappaP);
  }

  reward(s: ArrayLike<number>, a: ArrayLike<number>): number {
    return Math.cos(TWO_PI * s[0]) - this.params.cA * (1 - Math.cos(TWO_PI * a[0]));
  }

  protected transitionMean(s: ArrayLike<number>, a: ArrayLike<number>): number {
    return s[0] + this.params.beta * Math.sin(TWO_PI * a[0]);
  }
}
