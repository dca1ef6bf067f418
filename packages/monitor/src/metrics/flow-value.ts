import type { StepEvent } from '@mfpg/core';
import { map, type OperatorFunction } from 'rxjs';
import { z } from 'zod';
import type { MetricDefinition, MetricRow } from '../metric-definition';
import { keepEvery } from './keep-every';
import { everyOption, parseMetricOptions } from './metric-options';

/** Options of {@link flowValue}. */
export interface FlowValueOptions {
  /** Keep every this many steps. Default 1: F is computed by the engine anyway, so it is free. */
  readonly every?: number;
}

const FlowValueOptionsSchema = z.strictObject({ every: everyOption.default(1) });

/**
 * The value F(ν_t) = ∫ V^{π_ν} dρ (docs/math.md §3) at a cadence, as `objective/value`.
 *
 * @example steps$.pipe(flowValue({ every: 1 })).subscribe((row) => console.log(row.t, row.values['objective/value']))
 */
export function flowValue(options: FlowValueOptions = {}): OperatorFunction<StepEvent, MetricRow> {
  const { every } = parseMetricOptions(FlowValueOptionsSchema, options, 'flowValue');
  return (steps$) =>
    steps$.pipe(
      keepEvery(every),
      map((event) => ({ step: event.step, t: event.t, values: { 'objective/value': event.value } })),
    );
}

export const flowValueDefinition: MetricDefinition = {
  name: 'value',
  description: 'F(ν) = ∫ V^π dρ, the value of the policy (objective/value); free, the engine computes it',
  create: (_context, options, field = 'monitor.metrics.value') => flowValue(parseMetricOptions(FlowValueOptionsSchema, options, field)),
};
