import type { StepEvent } from '@mfpg/core';
import { catchError, type OperatorFunction, tap, throwError } from 'rxjs';
import type { MetricRow } from '../metric-definition';
import { MetricFailure } from './metric-failure';

/** A metric operator with the name it is reported under when it fails. */
export interface NamedMetric {
  readonly name: string;
  readonly operator: OperatorFunction<StepEvent, MetricRow>;
}

/**
 * Runs a metric operator and turns an error it throws into a {@link MetricFailure} naming the
 * metric and the last step it was given (a divergence from the engine passes through unchanged).
 */
export function reportingFailures(metric: NamedMetric): OperatorFunction<StepEvent, MetricRow> {
  return (steps$) => {
    let step = -1;
    let t = Number.NaN;
    return steps$.pipe(
      tap({
        next: (event) => {
          step = event.step;
          t = event.t;
        },
        error: () => {
          step = -1;
        },
      }),
      metric.operator,
      catchError((error: unknown) => throwError(() => (step < 0 ? error : new MetricFailure(metric.name, step, t, error)))),
    );
  };
}
