import type { StepEvent } from '@mfpg/core';
import { defer, map, type OperatorFunction } from 'rxjs';
import { z } from 'zod';
import { kernelSteinDiscrepancy } from '../estimators/kernel-stein-discrepancy';
import type { MetricDefinition, MetricRow } from '../metric-definition';
import { keepEvery } from './keep-every';
import type { RegularizationOptions } from './regularization-options';
import { everyOption, parseMetricOptions, positiveOption, requirePositiveSigma } from './metric-options';

/** Options of {@link steinDiscrepancy}. */
export interface SteinDiscrepancyOptions extends RegularizationOptions {
  /** Keep every this many steps. Default 50: the Stein kernel sum costs O(N² d). */
  readonly every?: number;
  /** Scale c of the IMQ kernel (c² + |x − y|²)^β, in units of θ. Default 1. */
  readonly scale?: number;
  /** Exponent β ∈ (−1, 0) of the IMQ kernel. Default −1/2. */
  readonly beta?: number;
}

const SteinOptionsSchema = z.strictObject({
  every: everyOption.default(50),
  scale: positiveOption('scale c of the inverse multiquadric kernel').default(1),
  beta: z
    .number({ error: 'a number in (−1, 0) (IMQ exponent β)' })
    .gt(-1, { error: 'a number in (−1, 0) (IMQ exponent β)' })
    .lt(0, { error: 'a number in (−1, 0) (IMQ exponent β)' })
    .default(-0.5),
});

/**
 * Stationarity: the kernel Stein discrepancy of ν_t to its Gibbs map Γ(ν_t) ∝ exp((2/σ²) δF/δν − U)
 * (docs/math.md §4 item 2, §5), whose score is s(θ) = (2/σ²) D F(ν_t, θ) − ∇U(θ). It is 0 exactly at
 * the stationary points ν = Γ(ν). Rows: `stationarity/ksd` (= sqrt of the V-statistic),
 * `stationarity/ksd-squared`, and `stationarity/ksd-iid-baseline` — the mean KSD² an i.i.d. sample
 * of Γ(ν_t) of the same size would show (the diagonal term, O(1/N)): KSD² near the baseline means
 * "stationary up to sampling noise".
 *
 * @example steps$.pipe(steinDiscrepancy({ every: 50, sigma: 0.5, prior }))
 */
export function steinDiscrepancy(options: SteinDiscrepancyOptions): OperatorFunction<StepEvent, MetricRow> {
  const { sigma, prior, ...rest } = options;
  const { every, scale, beta } = parseMetricOptions(SteinOptionsSchema, rest, 'steinDiscrepancy');
  requirePositiveSigma(sigma, 'stein');
  const driftWeight = 2 / (sigma * sigma);
  return (steps$) =>
    defer(() => {
      let score = new Float64Array(0);
      return steps$.pipe(
        keepEvery(every),
        map((event): MetricRow => {
          const { theta, drift, particleCount, dim } = event;
          if (score.length !== theta.length) score = new Float64Array(theta.length);
          for (let k = 0; k < score.length; k++) score[k] = driftWeight * drift[k];
          prior.addGradient(theta, -1, score);
          const { squared, diagonal } = kernelSteinDiscrepancy(theta, score, particleCount, dim, { scale, beta });
          return {
            step: event.step,
            t: event.t,
            values: { 'stationarity/ksd': Math.sqrt(squared), 'stationarity/ksd-squared': squared, 'stationarity/ksd-iid-baseline': diagonal },
          };
        }),
      );
    });
}

export const steinDefinition: MetricDefinition = {
  name: 'stein',
  description: 'kernel Stein discrepancy (IMQ) of ν to its Gibbs map, score (2/σ²)DF − ∇U (stationarity/ksd, …)',
  create: (context, options, field = 'monitor.metrics.stein') =>
    steinDiscrepancy({ ...parseMetricOptions(SteinOptionsSchema, options, field), sigma: context.config.regularization.sigma, prior: context.prior }),
};
