import { createRandom, GaussianPrior } from '@mfpg/core';
import { from, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { exponentialRate } from './exponential-rate';
import { fakeStep } from './testing/step-fixtures';

describe('exponentialRate', () => {
  // A fixed cloud keeps the KL estimate constant, so J = F − const and the fitted rate is F's:
  // F(t) = 2 − 0.8 e^{−0.6 t}.
  const rng = createRandom(81);
  const cloud = new Float64Array(200 * 2);
  rng.fillNormal(cloud);
  const events = Array.from({ length: 51 }, (_, step) =>
    fakeStep({ step, theta: cloud, dim: 2, dt: 0.1, value: 2 - 0.8 * Math.exp(-0.6 * step * 0.1), final: step === 50 }),
  );

  it('recovers the rate of J_∞ − J with J_∞ estimated, refitting on every kept step', async () => {
    const rows = await lastValueFrom(from(events).pipe(exponentialRate({ every: 5, sigma: 1, prior: new GaussianPrior(1), noiseFloor: 0 }), toArray()));
    expect(rows.map((row) => row.step)).toEqual([0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50]);
    expect(rows[1].values['rate/lambda']).toBeUndefined();
    const last = rows[rows.length - 1].values;
    // Exact exponential: limited by the golden-section tolerance on λ (see the estimator test).
    expect(last['rate/lambda']).toBeCloseTo(0.6, 5);
    expect(last['rate/j-infinity'] - last['objective/j']).toBeCloseTo(0.8 * Math.exp(-3), 6);
    expect(last['rate/points']).toBe(11);
  });

  it('uses a given J_∞ and the fit window `from`', async () => {
    const rows = await lastValueFrom(from(events).pipe(exponentialRate({ every: 5, sigma: 0, prior: new GaussianPrior(1), jInfinity: 2, from: 2 }), toArray()));
    const last = rows[rows.length - 1].values;
    expect(last['rate/points']).toBe(7);
    expect(last['rate/lambda']).toBeCloseTo(0.6, 12);
    expect(last['rate/j-infinity']).toBe(2);
  });
});
