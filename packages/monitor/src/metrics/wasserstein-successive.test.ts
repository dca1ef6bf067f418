import { createRandom } from '@mfpg/core';
import { from, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { wassersteinSuccessive, wassersteinSuccessiveDefinition } from './wasserstein-successive';
import { fakeStep } from './testing/step-fixtures';

describe('wassersteinSuccessive', () => {
  // A cloud translated by v: W2²(a, a + v) = |v|² exactly (translation is the gradient of a convex
  // function, so the identity coupling is optimal); SW2² = (1/L) Σ_l ⟨ω_l, v⟩².
  const dim = 3;
  const n = 300;
  const rng = createRandom(71);
  const cloud = new Float64Array(n * dim);
  rng.fillNormal(cloud);
  const shift = [0.3, 0, -0.4];
  const events = [0, 1, 2, 3, 4].map((step) => fakeStep({ step, dim, dt: 0.5, final: step === 4, theta: cloud.map((x, k) => x + step * shift[k % dim]) }));

  it('measures the move between kept snapshots exactly (exact method), with the speed per unit time', async () => {
    const rows = await lastValueFrom(from(events).pipe(wassersteinSuccessive({ every: 2 }), toArray()));
    expect(rows.map((row) => row.step)).toEqual([2, 4]);
    for (const row of rows) {
      // Two steps of |v| = 0.5 between kept snapshots; round-off of N sums of O(1) terms.
      expect(row.values['distance/w2-successive']).toBeCloseTo(1, 12);
      expect(row.values['distance/w2-speed']).toBeCloseTo(1, 12);
      expect(row.values['distance/w2-exact']).toBe(1);
    }
  });

  it('uses the sliced distance above exactLimit, equal to the direction average of ⟨ω, v⟩²', async () => {
    const rows = await lastValueFrom(from(events).pipe(wassersteinSuccessive({ every: 1, exactLimit: 100, directions: 16, seed: 4 }), toArray()));
    expect(rows[0].values['distance/w2-exact']).toBe(0);
    const { SlicedW2 } = await import('../distances/sliced-w2');
    const directions = new SlicedW2({ directions: 16, seed: 4 }).directions(dim);
    let expected = 0;
    for (let l = 0; l < 16; l++) expected += (directions[l * dim] * shift[0] + directions[l * dim + 1] * shift[1] + directions[l * dim + 2] * shift[2]) ** 2;
    expect(rows[0].values['distance/w2-successive']).toBeCloseTo(Math.sqrt(expected / 16), 12);
  });

  it('names a bad method under its field', () => {
    expect(() => wassersteinSuccessiveDefinition.create({} as never, { every: 1, method: 'fast' }, 'monitor.metrics.0')).toThrow(/monitor\.metrics\.0\.method/);
  });
});
