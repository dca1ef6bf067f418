import type { StepEvent } from '@mfpg/core';
import { defer, map, type OperatorFunction } from 'rxjs';
import { z } from 'zod';
import type { MetricDefinition, MetricMemory, MetricRow } from '../metric-definition';
import { keepEvery } from './keep-every';
import type { KlEstimateOptions } from './regularization-options';
import { encodeNumber, exactNumberSchema, restoredState } from './metric-memory-codec';
import { everyOption, neighborsOption, nonNegativeOption, parseMetricOptions } from './metric-options';
import { estimateObjective } from '../estimators/step-objective';

/** Options of {@link monotonicityCheck}. */
export interface MonotonicityCheckOptions extends KlEstimateOptions {
  /** Keep every this many steps (each estimates J: O(N² d)). Default 10. */
  readonly every?: number;
  /** How many standard errors of a difference of J estimates count as noise. Default 3. */
  readonly zScore?: number;
  /** Extra absolute tolerance on a decrease of J (e.g. the O(dt) bias of the integrator). Default 0. */
  readonly tolerance?: number;
  /** Standard error of F(ν) if it is estimated (Monte Carlo evaluator); 0 for grid evaluation. Default 0. */
  readonly valueStandardError?: number;
}

const MonotonicityOptionsSchema = z.strictObject({
  every: everyOption.default(10),
  zScore: nonNegativeOption('standard errors counted as noise').default(3),
  tolerance: nonNegativeOption('absolute tolerance on a decrease of J').default(0),
  valueStandardError: nonNegativeOption('standard error of the value F').default(0),
  klNeighbors: neighborsOption.default(1),
});

const estimateSchema = z.strictObject({ objective: exactNumberSchema, standardError: exactNumberSchema });
/** Its memory: the previous kept step's J, the largest J so far (null before the first) and the count. */
const MonotonicityStateSchema = z.strictObject({
  previous: estimateSchema.extend({ step: z.number().int().min(0) }).nullable(),
  best: estimateSchema.nullable(),
  violations: z.number().int().min(0),
});

/**
 * Checks that J(ν_t) does not decrease (docs/math.md §4 item 1), with a tolerance for estimator noise:
 * a decrease counts as a violation when it exceeds
 *
 *   tolerance + zScore · sqrt(se_a² + se_b²),   se = sqrt(((σ²/2)·se(Ĥ))² + se(F)²),
 *
 * se(Ĥ) the Kozachenko–Leonenko standard error. Two decreases are checked: from the previous kept
 * step, and from the largest J seen so far (a slow slide of small steps). Every kept step gives a
 * row — the check reports, it never drops: `monotonicity/j`, `monotonicity/decrease` (J_prev − J,
 * negative when J rose), `monotonicity/drop-from-max`, `monotonicity/tolerance`,
 * `monotonicity/violation` (1 on a violating step, else 0), `monotonicity/violations` (count so far),
 * `monotonicity/previous-step`.
 *
 * With a `memory` (checkpoints) the previous and largest J and the count are saved and restored,
 * so a resumed run checks against the same references.
 *
 * @example steps$.pipe(monotonicityCheck({ every: 10, sigma: 0.5, prior })).pipe(filter((r) => r.values['monotonicity/violation'] === 1))
 */
export function monotonicityCheck(options: MonotonicityCheckOptions, memory?: MetricMemory, field = 'monotonicityCheck'): OperatorFunction<StepEvent, MetricRow> {
  const { sigma, prior, ...rest } = options;
  const { every, zScore, tolerance, valueStandardError, klNeighbors } = parseMetricOptions(MonotonicityOptionsSchema, rest, field);
  const restored = restoredState(memory, MonotonicityStateSchema, field);
  return (steps$) =>
    defer(() => {
      let previous: { step: number; objective: number; standardError: number } | undefined = restored?.previous ? { ...restored.previous } : undefined;
      let best: { objective: number; standardError: number } | undefined = restored?.best ? { ...restored.best } : undefined;
      let violations = restored ? restored.violations : 0;
      const encode = (estimate: { objective: number; standardError: number }) => ({ objective: encodeNumber(estimate.objective), standardError: encodeNumber(estimate.standardError) });
      memory?.keep(() => ({
        previous: previous ? { step: previous.step, ...encode(previous) } : null,
        best: best ? encode(best) : null,
        violations,
      }));
      return steps$.pipe(
        keepEvery(every),
        map((event): MetricRow => {
          const estimate = estimateObjective(event, sigma, prior, klNeighbors);
          const standardError = Math.hypot(estimate.objectiveStandardError, valueStandardError);
          const values: Record<string, number> = { 'monotonicity/j': estimate.objective, 'monotonicity/violations': violations };
          if (previous && best) {
            const decrease = previous.objective - estimate.objective;
            const dropFromMax = best.objective - estimate.objective;
            const stepTolerance = tolerance + zScore * Math.hypot(standardError, previous.standardError);
            const maxTolerance = tolerance + zScore * Math.hypot(standardError, best.standardError);
            // A NaN J (e.g. duplicated particles) is a violation too: it cannot be shown monotone.
            const violated = !(decrease <= stepTolerance) || !(dropFromMax <= maxTolerance);
            if (violated) violations++;
            Object.assign(values, {
              'monotonicity/decrease': decrease,
              'monotonicity/drop-from-max': dropFromMax,
              'monotonicity/tolerance': stepTolerance,
              'monotonicity/violation': violated ? 1 : 0,
              'monotonicity/violations': violations,
              'monotonicity/previous-step': previous.step,
            });
          }
          previous = { step: event.step, objective: estimate.objective, standardError };
          if (!best || estimate.objective > best.objective) best = { objective: estimate.objective, standardError };
          return { step: event.step, t: event.t, values };
        }),
      );
    });
}

export const monotonicityDefinition: MetricDefinition = {
  name: 'monotonicity',
  description: 'checks that J does not decrease beyond its estimator noise; reports every violation with its step (monotonicity/…)',
  create: (context, options, field = 'monitor.metrics.monotonicity') =>
    monotonicityCheck({
      ...parseMetricOptions(MonotonicityOptionsSchema, { klNeighbors: context.config.monitor.klNeighbors, ...options }, field),
      sigma: context.config.regularization.sigma,
      prior: context.prior,
    }, context.memory, field),
};
