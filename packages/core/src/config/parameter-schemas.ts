import { z } from 'zod';

/** Schemas shared by plugin parameter sections, with messages that say what is allowed. */

/** A discount factor γ ∈ [0, 1). */
export const discountFactor = z
  .number({ error: 'a discount factor γ in [0, 1)' })
  .min(0, { error: 'a discount factor γ in [0, 1)' })
  .lt(1, { error: 'a discount factor γ in [0, 1)' });

/** A finite number; `what` names it in the message. */
export const finiteNumber = (what: string) => z.number({ error: `a finite number (${what})` }).finite({ error: `a finite number (${what})` });

/** A finite number ≥ 0; `what` names it in the message. */
export const nonNegativeNumber = (what: string) => finiteNumber(what).min(0, { error: `a number ≥ 0 (${what})` });
