import { createRandom } from '@mfpg/core';
import { map } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { fakeStep } from '../metrics/testing/step-fixtures';
import { replicaDistances } from './replica-distances';
import type { ReplicaStep } from './replica-step';

describe('replicaDistances', () => {
  // Three replicas: the same cloud translated by 0, v and 2v, with v shrinking by half each step, so
  // W2(i, j) = |i − j|·|v_n| exactly (translations are optimal couplings) and equals the coupling.
  const dim = 2;
  const rng = createRandom(3);
  const cloud = new Float64Array(100 * dim);
  rng.fillNormal(cloud);
  const v = [0.6, 0.8];
  const state = (step: number, final = false): ReplicaStep => ({
    step,
    t: step,
    final,
    replicas: [0, 1, 2].map((r) => fakeStep({ step, dim, dt: 1, final, theta: cloud.map((x, k) => x + r * 0.5 ** step * v[k % dim]) })),
  });
  const states = { a: state(0), b: state(1), c: state(2), d: state(3, true) };

  it('emits on the kept steps (marbles) with every pair, the max and the mean', () => {
    new TestScheduler((actual, expected) => expect(actual).toEqual(expected)).run(({ cold, expectObservable }) => {
      const rows = cold('a-b-c-d|', states).pipe(replicaDistances({ every: 2 }));
      expectObservable(rows.pipe(map((row) => row.step))).toBe('a---c-d|', { a: 0, c: 2, d: 3 });
      expectObservable(rows.pipe(map((row) => Number(row.values['replicas/w2-max'].toFixed(12))))).toBe('a---c-d|', { a: 2, c: 0.5, d: 0.25 });
    });
  });

  it('measures each pair exactly and matches the synchronous coupling for translated clouds', () => {
    new TestScheduler((actual, expected) => expect(actual).toEqual(expected)).run(({ cold, flush }) => {
      const seen: Record<string, number>[] = [];
      cold('a|', states).pipe(replicaDistances({ every: 1 })).subscribe((row) => seen.push(row.values));
      flush();
      const values = seen[0];
      expect(values['replicas/w2/0-1']).toBeCloseTo(1, 12);
      expect(values['replicas/w2/1-2']).toBeCloseTo(1, 12);
      expect(values['replicas/w2/0-2']).toBeCloseTo(2, 12);
      expect(values['replicas/coupling/0-2']).toBeCloseTo(2, 12);
      expect(values['replicas/w2-mean']).toBeCloseTo(4 / 3, 12);
    });
  });
});
