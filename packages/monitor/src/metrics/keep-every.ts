import type { StepEvent } from '@mfpg/core';
import { filter, type MonoTypeOperatorFunction } from 'rxjs';

/**
 * Keeps the steps a metric is computed on: every `every`-th step (0, every, 2·every, …) and the
 * final state. Everything downstream runs only on these, so heavy estimators cost 1/every.
 *
 * @example steps$.pipe(keepEvery(10))
 */
export function keepEvery(every: number): MonoTypeOperatorFunction<StepEvent> {
  return filter((event) => event.final || event.step % every === 0);
}
