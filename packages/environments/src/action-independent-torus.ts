import { discountFactor, finiteNumber, nonNegativeNumber } from '@mfpg/core';
import { z } from 'zod';
import { VonMisesTorusMdp } from './von-mises-torus-mdp';
import { TWO_PI } from './two-pi';

/** Parameters of {@link ActionIndependentTorus} (docs/math.md §7 B2 suggested values). */
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

/**
 * Benchmark B2 (docs/math.md §7): S = A = torus, μ uniform, ρ uniform; P(ds'|s) von Mises with mean
 * s + β0 and concentration κP, independent of a; r(s,a) = α cos 2π(a − s) + cos 2πs.
 * The soft optimum is in closed form (closed-forms.ts).
 */
export class ActionIndependentTorus extends VonMisesTorusMdp {
  readonly id = 'action-independent-torus';

  constructor(readonly params: ActionIndependentTorusParams = ActionIndependentTorusParams.parse({})) {
    super(params.gamma, params.kappaP);
  }

  reward(s: ArrayLike<number>, a: ArrayLike<number>): number {
    return this.params.alpha * Math.cos(TWO_PI * (a[0] - s[0])) + Math.cos(TWO_PI * s[0]);
  }

  protected transitionMean(s: ArrayLike<number>, _a: ArrayLike<number>): number {
    return s[0] + this.params.beta0;
  }
}
