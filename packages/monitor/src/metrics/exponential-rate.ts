import type { StepEvent } from '@mfpg/core';
import { defer, map, type OperatorFunction } from 'rxjs';
import { z } from 'zod';
import { fitExponentialRate } from '../estimators/exponential-rate-fit';
import type { MetricDefinition, MetricMemory, MetricRow } from '../metric-definition';
import { keepEvery } from './keep-every';
import type { KlEstimateOptions } from './regularization-options';
import { encodeNumber, exactNumberSchema, restoredState } from './metric-memory-codec';
import { everyOption, neighborsOption, nonNegativeOption, parseMetricOptions } from './metric-options';
import { estimateObjective } from '../estimators/step-objective';

/** Options of {@link exponentialRate}. */
export interface ExponentialRateOptions extends KlEstimateOptions {
  /** Keep every this many steps (each kept step estimates J: O(N² d)). Default 10. */
  readonly every?: number;
  /** The limit J_∞ if known (e.g. from a grid optimum); omitted: estimated from the path of J. */
  readonly jInfinity?: number;
  /** Fit only times t ≥ from (skip an initial transient). Default 0. */
  readonly from?: number;
  /**
   * Leave out points with J_∞ − J ≤ noiseFloor × the standard error of J (their log is noise).
   * Default 3.
   */
  readonly noiseFloor?: number;
}

const RateOptionsSchema = z.strictObject({
  every: everyOption.default(10),
  jInfinity: z.number({ error: 'a finite number (the limit J_∞)' }).finite({ error: 'a finite number (the limit J_∞)' }).optional(),
  from: nonNegativeOption('start time of the fit').default(0),
  noiseFloor: nonNegativeOption('gap below which points are noise, in standard errors of J').default(3),
  klNeighbors: neighborsOption.default(1),
});

/** Its memory: the fitted path (t, J) so far and the largest standard error of J on it. */
const RateStateSchema = z
  .strictObject({ times: z.array(exactNumberSchema), objectives: z.array(exactNumberSchema), largestStandardError: exactNumberSchema })
  .refine((state) => state.times.length === state.objectives.length, { error: 'times and objectives of the same length' });

/**
 * The exponential convergence rate of the objective (docs/math.md §4 item 3): on every kept step it
 * refits J_∞ − J(t) ≈ A e^{−λt} by least squares on log(J_∞ − J) over the kept steps so far
 * (t ≥ from), with J_∞ given or estimated (variable projection). Rows, once 3 points exist:
 * `rate/lambda` (per unit time), `rate/j-infinity`, `rate/log-residual` (rms of the log fit),
 * `rate/points` (points used), and `objective/j`. A NaN rate means too few points above the noise
 * floor — it is reported, never replaced by a guess.
 *
 * Memory: two numbers per kept step. With a `memory` (checkpoints) the path and the largest
 * standard error are saved and restored, so a resumed run fits the same points.
 *
 * @example steps$.pipe(exponentialRate({ every: 10, sigma: 1, prior, from: 1 }))
 */
export function exponentialRate(options: ExponentialRateOptions, memory?: MetricMemory, field = 'exponentialRate'): OperatorFunction<StepEvent, MetricRow> {
  const { sigma, prior, ...rest } = options;
  const { every, jInfinity, from, noiseFloor, klNeighbors } = parseMetricOptions(RateOptionsSchema, rest, field);
  const restored = restoredState(memory, RateStateSchema, field);
  return (steps$) =>
    defer(() => {
      const times: number[] = restored ? [...restored.times] : [];
      const objectives: number[] = restored ? [...restored.objectives] : [];
      let largestStandardError = restored ? restored.largestStandardError : 0;
      memory?.keep(() => ({ times: times.map(encodeNumber), objectives: objectives.map(encodeNumber), largestStandardError: encodeNumber(largestStandardError) }));
      return steps$.pipe(
        keepEvery(every),
        map((event): MetricRow => {
          const estimate = estimateObjective(event, sigma, prior, klNeighbors);
          const values: Record<string, number> = { 'objective/j': estimate.objective };
          if (event.t >= from && (times.length === 0 || event.t > times[times.length - 1])) {
            times.push(event.t);
            objectives.push(estimate.objective);
            largestStandardError = Math.max(largestStandardError, estimate.objectiveStandardError);
          }
          if (times.length >= 3) {
            const fit = fitExponentialRate(times, objectives, { jInfinity, minGap: noiseFloor * largestStandardError });
            values['rate/lambda'] = fit.rate;
            values['rate/j-infinity'] = fit.jInfinity;
            values['rate/log-residual'] = fit.logResidual;
            values['rate/points'] = fit.pointsUsed;
          }
          return { step: event.step, t: event.t, values };
        }),
      );
    });
}

export const exponentialRateDefinition: MetricDefinition = {
  name: 'exponential-rate',
  description: 'fitted rate λ of J_∞ − J(t) ≈ A e^{−λt} by least squares on the log, J_∞ given or estimated (rate/lambda, …)',
  create: (context, options, field = 'monitor.metrics.exponential-rate') =>
    exponentialRate({
      ...parseMetricOptions(RateOptionsSchema, { klNeighbors: context.config.monitor.klNeighbors, ...options }, field),
      sigma: context.config.regularization.sigma,
      prior: context.prior,
    }, context.memory, field),
};
