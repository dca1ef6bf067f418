import { ConfigError, toConfigIssues } from '@mfpg/core';
import { z } from 'zod';

/** `every`: keep every this many steps (and always the final state), an integer ≥ 1. */
export const everyOption = z
  .number({ error: 'an integer ≥ 1 (steps between evaluations of this metric)' })
  .int({ error: 'an integer ≥ 1 (steps between evaluations of this metric)' })
  .min(1, { error: 'an integer ≥ 1 (steps between evaluations of this metric)' });

/** A finite number > 0 option. */
export const positiveOption = (what: string) => z.number({ error: `a finite number > 0 (${what})` }).positive({ error: `a finite number > 0 (${what})` }).finite({ error: `a finite number > 0 (${what})` });

/** A finite number ≥ 0 option. */
export const nonNegativeOption = (what: string) => z.number({ error: `a finite number ≥ 0 (${what})` }).min(0, { error: `a finite number ≥ 0 (${what})` }).finite({ error: `a finite number ≥ 0 (${what})` });

/** A neighbour count k ≥ 1 option. */
export const neighborsOption = z.number({ error: 'an integer ≥ 1 (nearest neighbours)' }).int({ error: 'an integer ≥ 1 (nearest neighbours)' }).min(1, { error: 'an integer ≥ 1 (nearest neighbours)' });

/**
 * Validates a metric's options against its (strict) schema; throws one ConfigError naming every bad
 * field under `field` (e.g. `monitor.metrics.2.every`), listing known keys for unknown ones.
 */
export function parseMetricOptions<Schema extends z.ZodType>(schema: Schema, options: unknown, field: string): z.infer<Schema> {
  const parsed = schema.safeParse(options ?? {}, { reportInput: true });
  if (!parsed.success) throw new ConfigError(toConfigIssues(parsed.error.issues, schema, field));
  return parsed.data;
}

/** Throws a ConfigError unless σ > 0 (metrics that divide by σ² or weigh by it need noise). */
export function requirePositiveSigma(sigma: number, metric: string): void {
  if (!(sigma > 0) || !Number.isFinite(sigma)) {
    throw ConfigError.of('regularization.sigma', sigma, `a number > 0: the metric ${metric} needs noise (σ = 0 has no Gibbs measure)`);
  }
}
