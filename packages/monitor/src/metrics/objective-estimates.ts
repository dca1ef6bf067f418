import type { StepEvent } from '@mfpg/core';
import { map, type OperatorFunction } from 'rxjs';
import { z } from 'zod';
import type { MetricDefinition, MetricRow } from '../metric-definition';
import { keepEvery } from './keep-every';
import type { KlEstimateOptions } from './regularization-options';
import { everyOption, neighborsOption, parseMetricOptions } from './metric-options';
import { estimateObjective } from '../estimators/step-objective';

/** Options of {@link objectiveEstimates}. */
export interface ObjectiveEstimatesOptions extends KlEstimateOptions {
  /** Keep every this many steps. Default 10: the k-NN KL estimate costs O(N² d). */
  readonly every?: number;
}

const ObjectiveOptionsSchema = z.strictObject({ every: everyOption.default(10), klNeighbors: neighborsOption.default(1) });

/**
 * The objective J(ν_t) = F(ν_t) − (σ²/2)·KL(ν_t|g) (docs/math.md §3) with KL by Kozachenko–Leonenko
 * (docs/math.md §5): `objective/value`, `objective/j`, `objective/j-stderr` (the entropy estimate's
 * standard error times σ²/2), `measure/kl`, `measure/entropy`.
 *
 * @example steps$.pipe(objectiveEstimates({ every: 10, sigma: 0.5, prior }))
 */
export function objectiveEstimates(options: ObjectiveEstimatesOptions): OperatorFunction<StepEvent, MetricRow> {
  const { sigma, prior, ...rest } = options;
  const { every, klNeighbors } = parseMetricOptions(ObjectiveOptionsSchema, rest, 'objectiveEstimates');
  return (steps$) =>
    steps$.pipe(
      keepEvery(every),
      map((event) => {
        const estimate = estimateObjective(event, sigma, prior, klNeighbors);
        return {
          step: event.step,
          t: event.t,
          values: {
            'objective/value': estimate.value,
            'objective/j': estimate.objective,
            'objective/j-stderr': estimate.objectiveStandardError,
            'measure/kl': estimate.kl,
            'measure/entropy': estimate.entropy,
          },
        };
      }),
    );
}

export const objectiveDefinition: MetricDefinition = {
  name: 'objective',
  description: 'J = F − (σ²/2)·KL(ν|g) with the k-NN KL estimate and its standard error (objective/j, measure/kl, …)',
  create: (context, options, field = 'monitor.metrics.objective') =>
    objectiveEstimates({
      ...parseMetricOptions(ObjectiveOptionsSchema, { klNeighbors: context.config.monitor.klNeighbors, ...options }, field),
      sigma: context.config.regularization.sigma,
      prior: context.prior,
    }),
};
