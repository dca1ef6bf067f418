import { describe, expect, it } from 'vitest';
import type { MonitorRow } from '../pipeline/monitor-row';
import { SinkQueue } from './sink-queue';

const row = (step: number): MonitorRow => ({ step, t: step });

describe('SinkQueue', () => {
  it('hands rows to a synchronous writer at once, in order, dropping nothing', () => {
    const seen: number[] = [];
    const queue = new SinkQueue((r) => void seen.push(r.step), { capacity: 2 });
    for (let step = 0; step < 50; step++) {
      queue.push(row(step));
      expect(seen).toHaveLength(step + 1);
    }
    expect(queue).toMatchObject({ written: 50, dropped: 0, highWater: 0, waiting: 0 });
  });

  it('never holds more than its capacity for a writer 100× slower than the flow, dropping the oldest and keeping the last row', async () => {
    const capacity = 8;
    const seen: number[] = [];
    const pending: (() => void)[] = [];
    // Each write finishes only when the test says so: after 100 more rows have been pushed.
    const queue = new SinkQueue(
      (r) =>
        new Promise<void>((resolve) => {
          seen.push(r.step);
          pending.push(resolve);
        }),
      { capacity },
    );
    const total = 1000;
    for (let step = 0; step < total; step++) {
      queue.push(row(step)); // returns at once: the flow is never made to wait
      expect(queue.waiting).toBeLessThanOrEqual(capacity);
      expect(queue.written + queue.dropped + queue.waiting).toBe(step + 1);
      if ((step + 1) % 100 === 0) {
        pending.shift()?.();
        await Promise.resolve();
        await Promise.resolve();
      }
    }
    const finished = queue.flush();
    while (pending.length > 0) {
      pending.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await finished;
    expect(queue.highWater).toBe(capacity);
    expect(queue.written + queue.dropped).toBe(total);
    // One write per 100 rows while the flow ran, then the `capacity` rows still waiting.
    expect(queue.written).toBe(total / 100 + capacity);
    expect(seen.at(-1)).toBe(total - 1);
    expect(seen.slice(-capacity)).toEqual(Array.from({ length: capacity }, (_, i) => total - capacity + i));
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });

  it('reports a writer error and goes on with the next rows', async () => {
    const errors: unknown[] = [];
    const seen: number[] = [];
    const queue = new SinkQueue(
      (r) => {
        if (r.step === 1) throw new Error('disk full');
        seen.push(r.step);
      },
      { capacity: 4, onError: (error) => errors.push(error) },
    );
    for (let step = 0; step < 3; step++) queue.push(row(step));
    await queue.flush();
    expect(seen).toEqual([0, 2]);
    expect(errors).toEqual([new Error('disk full')]);
  });
});
