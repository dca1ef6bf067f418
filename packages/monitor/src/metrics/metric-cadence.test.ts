import { createRandom, GaussianPrior } from '@mfpg/core';
import { map } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { energyDissipation } from './energy-dissipation';
import { entropyEstimates } from './entropy-estimates';
import { exponentialRate } from './exponential-rate';
import { flowValue } from './flow-value';
import { gradientNorm } from './gradient-norm';
import { keepEvery } from './keep-every';
import { monotonicityCheck } from './monotonicity-check';
import { objectiveEstimates } from './objective-estimates';
import { steinDiscrepancy } from './stein-discrepancy';
import { fakeStep } from './testing/step-fixtures';
import { wassersteinSuccessive } from './wasserstein-successive';

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

const rng = createRandom(7);
const cloud = new Float64Array(40 * 2);
rng.fillNormal(cloud);
const prior = new GaussianPrior(1);
// Steps 0…6, the last one final (t = horizon): a kept set for every = 3 is {0, 3, 6}.
const events = Object.fromEntries(
  'abcdefg'.split('').map((key, step) => [key, fakeStep({ step, theta: cloud.map((x) => x + 0.1 * step), dim: 2, value: step, final: step === 6 })]),
);
const steps = (rows: { step: number }[]) => rows.map((row) => row.step);

describe('cadence of the metric operators (marble tests)', () => {
  it('keepEvery keeps steps 0, every, 2·every, … and always the final one', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('a-b-c-d-e-f-g|', events);
      expectObservable(source.pipe(keepEvery(4), map((e) => e.step))).toBe('a-------e---g|', { a: 0, e: 4, g: 6 });
      expectObservable(source.pipe(keepEvery(1), map((e) => e.step))).toBe('a-b-c-d-e-f-g|', { a: 0, b: 1, c: 2, d: 3, e: 4, f: 5, g: 6 });
    });
  });

  const operators = {
    value: flowValue({ every: 3 }),
    gradNorm: gradientNorm({ every: 3 }),
    entropy: entropyEstimates({ every: 3 }),
    objective: objectiveEstimates({ every: 3, sigma: 1, prior }),
    energy: energyDissipation({ every: 3, sigma: 1, prior }),
    stein: steinDiscrepancy({ every: 3, sigma: 1, prior }),
    rate: exponentialRate({ every: 3, sigma: 1, prior }),
    monotonicity: monotonicityCheck({ every: 3, sigma: 1, prior }),
  };
  for (const [label, operator] of Object.entries(operators)) {
    it(`${label} emits exactly on the kept steps, at their time, and completes with the source`, () => {
      scheduler().run(({ cold, expectObservable }) => {
        const source = cold('a-b-c-d-e-f-g|', events);
        expectObservable(source.pipe(operator, map((row) => row.step))).toBe('a-----d-----g|', { a: 0, d: 3, g: 6 });
      });
    });
  }

  it('w2-successive needs two kept snapshots: its first row is at the second kept step', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('a-b-c-d-e-f-g|', events);
      expectObservable(source.pipe(wassersteinSuccessive({ every: 3 }), map((row) => row.step))).toBe('------d-----g|', { d: 3, g: 6 });
    });
  });

  it('errors pass through, and unsubscribing stops the source subscription (no more work)', () => {
    scheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      const source = hot('a-b-c-d-e-f-g|', events);
      const unsubscribe = '-------!';
      expectObservable(source.pipe(objectiveEstimates({ every: 3, sigma: 1, prior }), map((row) => row.step)), unsubscribe).toBe('a-----d-', { a: 0, d: 3 });
      expectSubscriptions(source.subscriptions).toBe('^------!');
      const failing = hot('a-b-#', events, new Error('diverged'));
      expectObservable(failing.pipe(flowValue({ every: 1 }), map((row) => row.step))).toBe('a-b-#', { a: 0, b: 1 }, new Error('diverged'));
    });
  });

  it('keeps separate state per subscription (two subscribers of one piped stream)', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('a-b-c-d-e-f-g|', events);
      const piped = source.pipe(monotonicityCheck({ every: 3, sigma: 1, prior }), map((row) => row.values['monotonicity/previous-step'] ?? -1));
      expectObservable(piped).toBe('a-----d-----g|', { a: -1, d: 0, g: 3 });
      expectObservable(piped).toBe('a-----d-----g|', { a: -1, d: 0, g: 3 });
    });
  });

  it('reports which rows it produced for a real stream', () => {
    const rows: { step: number }[] = [];
    scheduler().run(({ cold, flush }) => {
      cold('a-b-c-d-e-f-g|', events).pipe(flowValue({ every: 2 })).subscribe((row) => rows.push(row));
      flush();
    });
    expect(steps(rows)).toEqual([0, 2, 4, 6]);
  });
});
