import { flowMetrics, type ParameterPrior, type StepEvent } from '@mfpg/core';
import { map, type OperatorFunction } from 'rxjs';
import type { MetricRow } from '../metric-definition';

/** Options of {@link contractMetrics}. */
export interface ContractMetricsOptions {
  /** Log every this many steps (the final state is always logged). */
  readonly every: number;
  /** Noise σ: J = F − (σ²/2)·KL (docs/math.md §3). */
  readonly sigma: number;
  readonly prior: ParameterPrior;
  /** k of the Kozachenko–Leonenko estimate (docs/math.md §5). */
  readonly klNeighbors: number;
  /** Also log σ(t), τ(t), dt(t) (`sigma`, `tau`, `dt`): runs with `schedules`. */
  readonly withSchedule?: boolean;
}

/**
 * The metrics every run logs (the metrics.jsonl contract): value F, objective J, KL(ν|g), entropy
 * and ‖D F‖, as a {@link MetricRow} whose keys go to the top level of the logged row.
 *
 * @example steps$.pipe(contractMetrics({ every: 10, sigma: 0.5, prior, klNeighbors: 1 }))
 */
export function contractMetrics(options: ContractMetricsOptions): OperatorFunction<StepEvent, MetricRow> {
  return (steps$) =>
    steps$.pipe(
      flowMetrics(options),
      map(({ step, t, value, objective, kl, entropy, gradNorm, sigma, tau, dt }) => {
        const values = { value, objective, kl, entropy, gradNorm };
        // flowMetrics adds σ, τ, dt only with withSchedule (and the engine always sets them).
        return { step, t, values: sigma === undefined || tau === undefined || dt === undefined ? values : { ...values, sigma, tau, dt } };
      }),
    );
}
