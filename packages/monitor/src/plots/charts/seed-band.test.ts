import { describe, expect, it } from 'vitest';
import { createRandom } from '@mfpg/core';
import { acrossSeeds, studentQuantile975 } from './seed-band';

describe('acrossSeeds', () => {
  it('gives the mean and mean ± t_{0.975,n−1}·s/√n at each point', () => {
    // Two seeds at each x: mean (a+b)/2, s = |a − b|/√2, half-width 12.706·s/√2 = 12.706·|a − b|/2.
    const series = acrossSeeds('J', [
      { x: [0, 1], y: [0, 1] },
      { x: [0, 1], y: [2, 1] },
    ]);
    expect(series.y).toEqual([1, 1]);
    expect(series.band!.lower[0]).toBeCloseTo(1 - 12.706, 12);
    expect(series.band!.upper[0]).toBeCloseTo(1 + 12.706, 12);
    expect(series.band!.lower[1]).toBe(1);
    expect(series.label).toBe('J (mean of 2 seeds, 95 % band)');
  });

  it('with one seed draws the curve as it is, without a band; a point a seed lacks is NaN', () => {
    expect(acrossSeeds('J', [{ x: [0, 1], y: [3, 4] }])).toEqual({ label: 'J', x: [0, 1], y: [3, 4] });
    const cut = acrossSeeds('J', [
      { x: [0, 1, 2], y: [1, Number.NaN, 3] },
      { x: [0, 1], y: [1, 2] },
    ]);
    expect(cut.x).toEqual([0, 1]);
    expect(cut.y[1]).toBeNaN();
  });

  it('covers the true mean about 95 % of the time for normal seeds (Monte Carlo)', () => {
    // 4000 bands of 4 seeds from N(0, 1): coverage ~ Binomial(4000, 0.95)/4000, sd 0.0034; 4 sd allowed.
    // The project's xoroshiro128+ generator: independent draws (a hand-rolled LCG in doubles cycled).
    const rng = createRandom(12345);
    const normal = () => rng.normal();
    let covered = 0;
    const trials = 4000;
    for (let trial = 0; trial < trials; trial++) {
      const band = acrossSeeds('J', Array.from({ length: 4 }, () => ({ x: [0], y: [normal()] }))).band!;
      if (band.lower[0] <= 0 && 0 <= band.upper[0]) covered++;
    }
    expect(Math.abs(covered / trials - 0.95)).toBeLessThan(4 * 0.0034);
  });

  it('uses Student quantiles: the table, then the Cornish–Fisher expansion (published t_{0.975,ν} to 4 decimals)', () => {
    expect(studentQuantile975(1)).toBe(12.706);
    expect(studentQuantile975(30)).toBe(2.042);
    // t_{0.975,31} = 2.0395, t_{0.975,40} = 2.0211, t_{0.975,120} = 1.9799; the expansion's error < 5e-4.
    for (const [df, t] of [[31, 2.0395], [40, 2.0211], [120, 1.9799]]) expect(Math.abs(studentQuantile975(df) - t)).toBeLessThan(5e-4);
    expect(() => studentQuantile975(0)).toThrow(/degrees of freedom/);
  });
});
