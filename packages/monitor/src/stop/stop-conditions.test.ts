import { DivergenceError } from '@mfpg/core';
import { describe, expect, it } from 'vitest';
import type { MonitorRow } from '../pipeline/monitor-row';
import { StopConditions } from './stop-conditions';

const row = (t: number, objective: number, extra: Record<string, number> = {}): MonitorRow => ({ step: Math.round(t * 10), t, objective, ...extra });

describe('StopConditions', () => {
  it('is inactive without conditions and never stops', () => {
    const stop = new StopConditions({});
    expect(stop.active).toBe(false);
    expect(stop.check(row(1, Number.NaN))).toBeNull();
  });

  it('stops at the first row reaching the target, from below or from above', () => {
    const above = new StopConditions({ target: { metric: 'objective', value: 1, direction: 'above' } });
    expect(above.check(row(0, 0.5))).toBeNull();
    expect(above.check(row(1, 0.999))).toBeNull();
    expect(above.check(row(2, 1))).toMatchObject({ condition: 'target', step: 20, t: 2 });
    const below = new StopConditions({ target: { metric: 'kl', value: 0.1, direction: 'below' } });
    expect(below.check(row(0, 0, { kl: 0.2 }))).toBeNull();
    expect(below.check(row(1, 0))).toBeNull(); // no kl on this row: skipped
    expect(below.check(row(2, 0, { kl: 0.05 }))?.reason).toContain('kl = 0.05');
  });

  it('stops on a plateau only once the rows span the whole window and vary by less than the tolerance', () => {
    const stop = new StopConditions({ plateau: { metric: 'objective', window: 1, tolerance: 0.01 } });
    // Flat from the start, but the window t ∈ [t − 1, t] is only covered from t = 1 on.
    expect(stop.check(row(0, 5))).toBeNull();
    expect(stop.check(row(0.5, 5.001))).toBeNull();
    expect(stop.check(row(1, 5.002))).toMatchObject({ condition: 'plateau', t: 1 });
    const moving = new StopConditions({ plateau: { metric: 'objective', window: 1, tolerance: 0.01 } });
    // J rises by 0.02 per 0.5: the variation over any window of length 1 is 0.04 ≥ 0.01.
    for (let k = 0; k < 10; k++) expect(moving.check(row(0.5 * k, 0.02 * k))).toBeNull();
    // Then flat at 0.2 from t = 5: it stops once the window [t − 1, t] holds no earlier value (t = 6).
    expect(moving.check(row(5, 0.2))).toBeNull();
    expect(moving.check(row(5.5, 0.2))).toBeNull();
    expect(moving.check(row(6, 0.2))).toMatchObject({ condition: 'plateau', t: 6 });
  });

  it('reports divergence for a non-finite value or one beyond the limit', () => {
    const stop = new StopConditions({ divergence: { metric: 'objective', limit: 100 } });
    expect(stop.check(row(0, -99))).toBeNull();
    expect(() => stop.check(row(1, -101))).toThrow(DivergenceError);
    expect(() => stop.check(row(2, Number.NaN))).toThrow(/monitor\.stop\.divergence: objective = NaN/);
  });
});
