import { DivergenceError, type StepEvent } from '@mfpg/core';
import { filter, map, type OperatorFunction, Subject } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import type { MetricRow } from '../metric-definition';
import { MetricFailure } from './metric-failure';
import type { MonitorRow } from './monitor-row';
import { monitorRows } from './monitor-rows';
import { testStep } from './test-steps';

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

/** A metric logging `key = scale·step` every `every` steps and on the final one. */
function stepMetric(key: string, every: number, scale = 1): OperatorFunction<StepEvent, MetricRow> {
  return (steps$) =>
    steps$.pipe(
      filter((event) => event.final || event.step % every === 0),
      map((event) => ({ step: event.step, t: event.t, values: { [key]: scale * event.step } })),
    );
}

// Steps 0…6, the last one final.
const events = Object.fromEntries('abcdefg'.split('').map((key, step) => [key, testStep(step, step === 6)]));

describe('monitorRows (marble tests)', () => {
  it('joins the rows of metrics with different cadences into one row per logged step', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('a-b-c-d-e-f-g|', events);
      const rows$ = source.pipe(
        monitorRows([
          { name: 'even', operator: stepMetric('a', 2) },
          { name: 'third', operator: stepMetric('b', 3, 10) },
        ]),
      );
      // Each step's row is emitted within that step's notification, once every metric has seen it.
      expectObservable(rows$).toBe('a---c-d-e---g|', {
        a: { step: 0, t: 0, a: 0, b: 0 },
        c: { step: 2, t: 1, a: 2 },
        d: { step: 3, t: 1.5, b: 30 },
        e: { step: 4, t: 2, a: 4 },
        g: { step: 6, t: 3, a: 6, b: 60 },
      });
    });
  });

  it('reports a throwing metric by name and step, after the rows logged before it', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const boom: OperatorFunction<StepEvent, MetricRow> = map((event) => {
        if (event.step === 3) throw new Error('singular matrix');
        return { step: event.step, t: event.t, values: { boom: 1 } };
      });
      const rows$ = cold('a-b-c-d-e|', events).pipe(monitorRows([{ name: 'fragile', operator: boom }]));
      expectObservable(rows$).toBe('a-b-c-#', { a: { step: 0, t: 0, boom: 1 }, b: { step: 1, t: 0.5, boom: 1 }, c: { step: 2, t: 1, boom: 1 } }, new MetricFailure('fragile', 3, 1.5, new Error('singular matrix')));
    });
  });

  it('passes a divergence of the flow through unchanged, after the rows logged before it', () => {
    const divergence = new DivergenceError(2, 1, 'NaN');
    scheduler().run(({ cold, expectObservable }) => {
      const rows$ = cold('a-b-#', events, divergence).pipe(monitorRows([{ name: 'flow', operator: stepMetric('a', 1) }]));
      expectObservable(rows$).toBe('a-b-#', { a: { step: 0, t: 0, a: 0 }, b: { step: 1, t: 0.5, a: 1 } }, divergence);
    });
  });
});

describe('monitorRows: work stops when subscribers leave', () => {
  it('computes an expensive metric once per kept step for all subscribers, and never after the last one leaves', () => {
    const steps$ = new Subject<StepEvent>();
    let evaluations = 0;
    const expensive: OperatorFunction<StepEvent, MetricRow> = map((event) => {
      evaluations++;
      return { step: event.step, t: event.t, values: { costly: event.step } };
    });
    const rows$ = steps$.pipe(monitorRows([{ name: 'expensive', operator: expensive }]));
    const first: MonitorRow[] = [];
    const second: MonitorRow[] = [];
    const a = rows$.subscribe((row) => first.push(row));
    const b = rows$.subscribe((row) => second.push(row));
    for (let step = 0; step < 4; step++) steps$.next(testStep(step));
    // Shared: one evaluation per step, not one per subscriber.
    expect(evaluations).toBe(4);
    a.unsubscribe();
    steps$.next(testStep(4));
    expect(evaluations).toBe(5);
    b.unsubscribe();
    for (let step = 5; step < 100; step++) steps$.next(testStep(step));
    expect(evaluations).toBe(5);
    expect(steps$.observed).toBe(false);
    expect(first.map((row) => row.step)).toEqual([0, 1, 2, 3]);
    expect(second.map((row) => row.step)).toEqual([0, 1, 2, 3, 4]);
  });
});
