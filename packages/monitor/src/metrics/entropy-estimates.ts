import { stepEntropy, type StepEvent } from '@mfpg/core';
import { map, type OperatorFunction } from 'rxjs';
import { z } from 'zod';
import type { MetricDefinition, MetricRow } from '../metric-definition';
import { keepEvery } from './keep-every';
import { everyOption, neighborsOption, parseMetricOptions } from './metric-options';

/** Options of {@link entropyEstimates}. */
export interface EntropyEstimatesOptions {
  /** Keep every this many steps. Default 10: the k-NN search costs O(N² d). */
  readonly every?: number;
  /** k of the Kozachenko–Leonenko estimate. Default 1. */
  readonly klNeighbors?: number;
}

const EntropyOptionsSchema = z.strictObject({ every: everyOption.default(10), klNeighbors: neighborsOption.default(1) });

/**
 * The differential entropy H(ν_t) of the particle cloud by Kozachenko–Leonenko (docs/math.md §5), in
 * nats, with its standard error: `measure/entropy`, `measure/entropy-stderr`.
 *
 * @example steps$.pipe(entropyEstimates({ every: 20 }))
 */
export function entropyEstimates(options: EntropyEstimatesOptions = {}): OperatorFunction<StepEvent, MetricRow> {
  const { every, klNeighbors } = parseMetricOptions(EntropyOptionsSchema, options, 'entropyEstimates');
  return (steps$) =>
    steps$.pipe(
      keepEvery(every),
      map((event) => {
        const { entropy, standardError } = stepEntropy(event, klNeighbors);
        return { step: event.step, t: event.t, values: { 'measure/entropy': entropy, 'measure/entropy-stderr': standardError } };
      }),
    );
}

export const entropyDefinition: MetricDefinition = {
  name: 'entropy',
  description: 'Kozachenko–Leonenko entropy of the particle cloud and its standard error (measure/entropy, measure/entropy-stderr)',
  create: (context, options, field = 'monitor.metrics.entropy') =>
    entropyEstimates(parseMetricOptions(EntropyOptionsSchema, { klNeighbors: context.config.monitor.klNeighbors, ...options }, field)),
};
