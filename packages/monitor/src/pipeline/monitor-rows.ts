import type { StepEvent } from '@mfpg/core';
import { map, merge, type Observable, type OperatorFunction, share } from 'rxjs';
import { assembleRows, STEP_END } from './assemble-rows';
import type { MonitorRow } from './monitor-row';
import { type NamedMetric, reportingFailures } from './named-metric';

/**
 * The logged rows of a step stream: every metric subscribes to the one step stream, its rows are
 * joined per step and emitted at the end of that step's notification (see `assembleRows`),
 * and the result is shared. Metrics run only while
 * someone subscribes: when the last subscriber leaves, every metric operator is torn down and stops
 * computing. A metric that throws errors the rows with a MetricFailure naming it and the step.
 *
 * @example
 * const rows$ = engine.steps$.pipe(monitorRows([{ name: 'flow', operator: contractMetrics(…) }]));
 * rows$.subscribe((row) => console.log(row.step, row.objective));
 */
export function monitorRows(metrics: readonly NamedMetric[]): OperatorFunction<StepEvent, MonitorRow> {
  return (steps$: Observable<StepEvent>) => {
    const shared$ = steps$.pipe(share());
    // Subscribed last, so the shared source notifies it after every metric has seen the step.
    const stepEnds$ = shared$.pipe(map((): typeof STEP_END => STEP_END));
    return merge(...metrics.map((metric) => shared$.pipe(reportingFailures(metric))), stepEnds$).pipe(assembleRows(), share());
  };
}
