import { discountFactor, finiteNumber } from '@mfpg/core';
import { z } from 'zod';
import { actionOnlyFeatures } from './action-only-features';
import { OneStateTorusBandit } from './one-state-torus-bandit';
import { torusFeatures } from './torus-embedding';
import { TWO_PI } from './two-pi';

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

/** Features of the bandit: the action part (cos 2πa, sin 2πa) only. */
const banditFeatures = actionOnlyFeatures(2, torusFeatures.action);

/**
 * Benchmark B1 (docs/math.md §7): one state, actions on the torus [0,1) with μ uniform,
 * r(a) = α cos 2π(a − a0). Closed form: π* ∝ exp(r/τ), V* = τ log I0(α/τ)/(1−γ)
 * (see closed-forms.ts).
 */
export class TorusBandit extends OneStateTorusBandit {
  readonly id = 'torus-bandit';

  constructor(readonly params: TorusBanditParams = TorusBanditParams.parse({})) {
    super(params.gamma, banditFeatures);
  }

  reward(_s: ArrayLike<number>, a: ArrayLike<number>): number {
    return this.params.alpha * Math.cos(TWO_PI * (a[0] - this.params.a0));
  }
}
