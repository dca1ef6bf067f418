import { createRandom } from '@mfpg/core';
import { describe, expect, it } from 'vitest';
import { fitExponentialRate } from './exponential-rate-fit';

describe('fitExponentialRate', () => {
  const t = Array.from({ length: 41 }, (_, k) => 0.25 * k);
  const exact = t.map((time) => 2 - 0.8 * Math.exp(-0.6 * time));

  it('recovers λ, A and J_∞ of an exact exponential, with J_∞ given or estimated (to ~1e-8)', () => {
    const given = fitExponentialRate(t, exact, { jInfinity: 2 });
    expect(given.rate).toBeCloseTo(0.6, 12);
    expect(given.logAmplitude).toBeCloseTo(Math.log(0.8), 12);
    expect(given.pointsUsed).toBe(41);
    const estimated = fitExponentialRate(t, exact);
    // Golden section stops at |Δ log λ| ≤ 1e-10; J_∞ is then accurate to ~A·λ·Δ, and the log fit's
    // far points amplify the J_∞ error by 1/(J_∞ − J) ≤ e^{6}/0.8.
    expect(Math.abs(estimated.jInfinity - 2)).toBeLessThan(1e-8);
    expect(estimated.rate).toBeCloseTo(0.6, 5);
  });

  it('stays within its noise with estimator noise on J when points below the noise floor are dropped', () => {
    // Noise sd 1e-3 on J; the gap falls from 0.8 to 0.8e^{-6} ≈ 2e-3. With minGap = 5·sd the log
    // fit uses points whose relative noise is ≤ 20%; the slope error over a span of ~8 time units
    // is then a few 1e-3 — 0.03 is ten times that.
    const rng = createRandom(3);
    const noisy = exact.map((j) => j + 1e-3 * rng.normal());
    const fit = fitExponentialRate(t, noisy, { jInfinity: 2, minGap: 5e-3 });
    expect(Math.abs(fit.rate - 0.6)).toBeLessThan(0.03);
    expect(fit.pointsUsed).toBeLessThan(41);
    const estimated = fitExponentialRate(t, noisy, { minGap: 5e-3 });
    expect(Math.abs(estimated.jInfinity - 2)).toBeLessThan(3e-3);
    expect(Math.abs(estimated.rate - 0.6)).toBeLessThan(0.06);
  });

  it('reports NaN (never a made-up rate) when J never comes below J_∞, and rejects bad input', () => {
    const fit = fitExponentialRate([0, 1, 2], [3, 3, 3], { jInfinity: 1 });
    expect(fit.rate).toBeNaN();
    expect(fit.pointsUsed).toBe(0);
    // A straight line has no limit: the variable projection runs to λ → 0 and J_∞ is reported NaN.
    const line = fitExponentialRate([0, 1, 2, 3, 4], [0, 1, 2, 3, 4]);
    expect(line.jInfinity).toBeNaN();
    expect(line.rate).toBeNaN();
    expect(() => fitExponentialRate([0, 1], [1, 2])).toThrow(/at least 3 points/);
    expect(() => fitExponentialRate([0, 1, 1], [1, 2, 3])).toThrow(/strictly increasing/);
  });
});
