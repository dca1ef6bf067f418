import { Observable, type OperatorFunction } from 'rxjs';
import type { MetricRow } from '../metric-definition';
import type { MonitorRow } from './monitor-row';

/** Marks the end of one step's notification: every metric has seen the step by then. */
export const STEP_END = Symbol('STEP_END');

/**
 * Joins the rows of several metrics that refer to the same step into one {@link MonitorRow}. The
 * metrics compute synchronously on the step event, and {@link monitorRows} sends STEP_END after
 * all of them: the joined row is emitted then, within the step's own notification (so stop
 * conditions and the progress bar see it at once). A row is also emitted when a row of another
 * step arrives first (a metric that emits late), when the source completes, and before an error is
 * passed on (so that a divergence keeps every step logged before it). Later keys win on a clash.
 */
export function assembleRows(): OperatorFunction<MetricRow | typeof STEP_END, MonitorRow> {
  return (rows$) =>
    new Observable<MonitorRow>((subscriber) => {
      let pending: Record<string, number> | null = null;
      const flush = () => {
        if (pending) subscriber.next(pending as MonitorRow);
        pending = null;
      };
      return rows$.subscribe({
        next: (row) => {
          if (row === STEP_END) {
            flush();
            return;
          }
          if (pending && pending.step !== row.step) flush();
          pending ??= { step: row.step, t: row.t };
          Object.assign(pending, row.values);
        },
        error: (error: unknown) => {
          flush();
          subscriber.error(error);
        },
        complete: () => {
          flush();
          subscriber.complete();
        },
      });
    });
}
