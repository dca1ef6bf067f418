import { besselI0, besselI1, createRandom } from '@mfpg/core';
import { describe, expect, it } from 'vitest';
import { VonMises } from './von-mises';

describe('VonMises', () => {
  it('has density exp(κ cos 2π(x − m))/I0(κ) integrating to 1 on [0,1)', () => {
    for (const kappa of [0, 0.3, 5, 50, 2000]) {
      const law = new VonMises(kappa);
      // The n-point trapezoid of the periodic density is exact up to the aliased coefficients
      // I_n(κ)/I0(κ) ≲ exp(−n²/(2κ)): below 1e−16 for n = 4096 even at κ = 2000.
      const n = 4096;
      let mass = 0;
      for (let j = 0; j < n; j++) mass += law.density(j / n, 0.37) / n;
      expect(Math.abs(mass - 1)).toBeLessThan(1e-13);
    }
    const law = new VonMises(3);
    const x = 0.81;
    expect(Math.abs(law.density(x, 0.2) - Math.exp(3 * Math.cos(2 * Math.PI * (x - 0.2))) / besselI0(3))).toBeLessThan(1e-15);
    // Periodic in both arguments.
    expect(Math.abs(law.density(x + 3, 0.2 - 1) - law.density(x, 0.2))).toBeLessThan(1e-13);
  });

  it('samples with circular moments E cos 2πn(x − m) = I_n(κ)/I0(κ), E sin 2πn(x − m) = 0 (n = 1, 2)', () => {
    const rng = createRandom(2024);
    const draws = 200_000;
    for (const kappa of [0, 0.5, 3, 50]) {
      const law = new VonMises(kappa);
      const mean = 0.9;
      const sums = { cos1: 0, sin1: 0, cos2: 0, sin2: 0 };
      let outside = 0;
      for (let t = 0; t < draws; t++) {
        const x = law.sample(rng, mean);
        if (!(x >= 0 && x < 1)) outside++;
        const angle = 2 * Math.PI * (x - mean);
        sums.cos1 += Math.cos(angle);
        sums.sin1 += Math.sin(angle);
        sums.cos2 += Math.cos(2 * angle);
        sums.sin2 += Math.sin(2 * angle);
      }
      expect(outside).toBe(0);
      const r1 = kappa === 0 ? 0 : besselI1(kappa) / besselI0(kappa);
      // I2 = I0 − (2/κ) I1 (recurrence I_{n−1} − I_{n+1} = (2n/κ) I_n).
      const r2 = kappa === 0 ? 0 : 1 - (2 * r1) / kappa;
      // Each of cos, sin is bounded by 1, so its sample mean has standard error ≤ 1/√draws ≈ 2.2e−3;
      // 5 standard errors ≈ 0.011 (the seed is fixed, so this is deterministic). A sampler with
      // the wrong concentration, e.g. κ/2π or 2κ, misses r1 by ≥ 0.05 at κ ∈ {0.5, 3}.
      const bound = 5 / Math.sqrt(draws);
      expect(Math.abs(sums.cos1 / draws - r1)).toBeLessThan(bound);
      expect(Math.abs(sums.sin1 / draws)).toBeLessThan(bound);
      expect(Math.abs(sums.cos2 / draws - r2)).toBeLessThan(bound);
      expect(Math.abs(sums.sin2 / draws)).toBeLessThan(bound);
    }
  });

  it('matches its own density: the empirical CDF is within the Kolmogorov bound', () => {
    const rng = createRandom(7);
    const law = new VonMises(4);
    const draws = 50_000;
    const sample = Float64Array.from({ length: draws }, () => law.sample(rng, 0.1)).sort();
    // CDF on a fine grid by the trapezoid rule of the (smooth) density; its error ≈ 1e−7 ≪ the bound.
    const cells = 20_000;
    let cdf = 0;
    let index = 0;
    let distance = 0;
    for (let c = 1; c <= cells; c++) {
      const x = c / cells;
      cdf += (0.5 * (law.density(x - 1 / cells, 0.1) + law.density(x, 0.1))) / cells;
      while (index < draws && sample[index] <= x) index++;
      distance = Math.max(distance, Math.abs(index / draws - cdf));
    }
    // Kolmogorov: P(√n D > 1.95) ≈ 0.001.
    expect(Math.sqrt(draws) * distance).toBeLessThan(1.95);
  });

  it('rejects negative κ', () => {
    expect(() => new VonMises(-1)).toThrow(/κ/);
  });
});
