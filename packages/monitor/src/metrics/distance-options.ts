import { z } from 'zod';

/** The W2 options shared by the distance metrics (see CloudW2). */
export const distanceOptionsShape = {
  method: z.enum(['auto', 'exact', 'sliced'], { error: 'auto (exact up to exactLimit particles, sliced above), exact or sliced' }).default('auto'),
  exactLimit: z.number({ error: 'an integer ≥ 1 (largest N measured exactly)' }).int({ error: 'an integer ≥ 1' }).min(1, { error: 'an integer ≥ 1' }).default(2000),
  directions: z.number({ error: 'an integer ≥ 1 (sliced directions)' }).int({ error: 'an integer ≥ 1' }).min(1, { error: 'an integer ≥ 1' }).default(64),
  seed: z.number({ error: 'an integer in [0, 2^32) (seed of the sliced directions)' }).int().min(0).max(2 ** 32 - 1).default(0),
};
