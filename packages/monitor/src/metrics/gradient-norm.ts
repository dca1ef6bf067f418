import type { StepEvent } from '@mfpg/core';
import { map, type OperatorFunction } from 'rxjs';
import { z } from 'zod';
import type { MetricDefinition, MetricRow } from '../metric-definition';
import { keepEvery } from './keep-every';
import { everyOption, parseMetricOptions } from './metric-options';

/** Options of {@link gradientNorm}. */
export interface GradientNormOptions {
  /** Keep every this many steps. Default 1 (the engine computes the norm anyway). */
  readonly every?: number;
}

const GradientNormOptionsSchema = z.strictObject({ every: everyOption.default(1) });

/**
 * ‖D F(ν_t, ·)‖_{L²(ν_t)} = sqrt((1/N) Σ_i |D F(ν_t, θ_i)|²), the size of the policy-gradient drift
 * (docs/math.md §3), as `grad/norm`.
 *
 * @example steps$.pipe(gradientNorm({ every: 5 }))
 */
export function gradientNorm(options: GradientNormOptions = {}): OperatorFunction<StepEvent, MetricRow> {
  const { every } = parseMetricOptions(GradientNormOptionsSchema, options, 'gradientNorm');
  return (steps$) =>
    steps$.pipe(
      keepEvery(every),
      map((event) => ({ step: event.step, t: event.t, values: { 'grad/norm': event.gradNorm } })),
    );
}

export const gradientNormDefinition: MetricDefinition = {
  name: 'grad-norm',
  description: '‖D F(ν, ·)‖ in L²(ν), the size of the drift (grad/norm)',
  create: (_context, options, field = 'monitor.metrics.grad-norm') => gradientNorm(parseMetricOptions(GradientNormOptionsSchema, options, field)),
};
