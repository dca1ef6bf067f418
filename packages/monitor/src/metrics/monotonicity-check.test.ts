import { createRandom, GaussianPrior, knnEntropyWithError } from '@mfpg/core';
import { from, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { monotonicityCheck } from './monotonicity-check';
import { fakeStep } from './testing/step-fixtures';

describe('monotonicityCheck', () => {
  // A fixed cloud: J = F − const, and the tolerance is 3·sqrt(2)·(σ²/2)·se(Ĥ) between any two steps.
  const rng = createRandom(91);
  const cloud = new Float64Array(300 * 2);
  rng.fillNormal(cloud);
  const sigma = 1;
  const noise = 3 * Math.SQRT2 * 0.5 * knnEntropyWithError(cloud, 300, 2).standardError;
  const run = (values: number[], tolerance = 0) =>
    lastValueFrom(
      from(values.map((value, step) => fakeStep({ step, theta: cloud, dim: 2, value, final: step === values.length - 1 }))).pipe(
        monotonicityCheck({ every: 1, sigma, prior: new GaussianPrior(1), tolerance }),
        toArray(),
      ),
    );

  it('reports a decrease beyond the noise with its step and the step it is compared with', async () => {
    const rows = await run([0, 0.1, 0.2, 0.2 - 2 * noise, 0.3]);
    expect(rows.map((row) => row.values['monotonicity/violation'] ?? 0)).toEqual([0, 0, 0, 1, 0]);
    expect(rows[3].values['monotonicity/previous-step']).toBe(2);
    expect(rows[3].values['monotonicity/decrease']).toBeCloseTo(2 * noise, 12);
    expect(rows[3].values['monotonicity/tolerance']).toBeCloseTo(noise, 12);
    expect(rows[4].values['monotonicity/violations']).toBe(1);
  });

  it('tolerates decreases within the estimator noise, but not a slow slide below the maximum', async () => {
    const small = 0.6 * noise;
    const rows = await run([1, 1 - small, 1 - 2 * small, 1 - 3 * small]);
    const flags = rows.map((row) => row.values['monotonicity/violation'] ?? 0);
    // Each step drops by 0.6 of the tolerance; the drop from the maximum passes it at step 2.
    expect(flags).toEqual([0, 0, 1, 1]);
    expect(rows[3].values['monotonicity/drop-from-max']).toBeCloseTo(3 * small, 12);
  });

  it('adds the absolute tolerance, and never hides a NaN objective', async () => {
    const rows = await run([1, 1 - 2 * noise, Number.NaN], 2 * noise);
    expect(rows.map((row) => row.values['monotonicity/violation'] ?? 0)).toEqual([0, 0, 1]);
  });
});
