import { describe, expect, it } from 'vitest';
import type { Random } from '../plugin-points/random';
import { GaussianMeasure } from './gaussian-measure';

/** A Random that replays fixed normals, so sampling can be checked exactly. */
function scriptedRandom(normals: number[]): Random {
  const unused = () => {
    throw new Error('not scripted');
  };
  return { uniform: unused, normal: () => normals.shift() ?? unused(), fillNormal: unused, state: unused, split: unused };
}

describe('GaussianMeasure', () => {
  const measure = new GaussianMeasure([0.5, -1], [2, 0.1]);

  it('samples mean + std·z and has the product normal log-density', () => {
    const out = new Float64Array(2);
    measure.sample(scriptedRandom([1, -3]), out);
    expect([...out]).toEqual([2.5, -1.3]);
    const a = [1.7, -0.93];
    // Independent form: Π_c exp(−(a−m)²/(2s²)) / (s√(2π)).
    const density =
      (Math.exp(-((1.7 - 0.5) ** 2) / (2 * 4)) / (2 * Math.sqrt(2 * Math.PI))) *
      (Math.exp(-((-0.93 + 1) ** 2) / (2 * 0.01)) / (0.1 * Math.sqrt(2 * Math.PI)));
    expect(Math.abs(measure.logDensity(a) - Math.log(density))).toBeLessThan(1e-14);
    expect(measure.name).toBe('gaussian');
  });

  it('has Gauss–Hermite weights summing to 1 that reproduce the normal moments', () => {
    const rule = measure.quadrature(3);
    let mass = 0;
    let mean = 0;
    let fourth = 0;
    let mixed = 0;
    for (let j = 0; j < rule.count; j++) {
      const [x, y] = rule.nodes.subarray(2 * j, 2 * j + 2);
      const w = rule.weights[j];
      mass += w;
      mean += w * y;
      fourth += w * (x - 0.5) ** 4;
      mixed += w * (x - 0.5) ** 2 * (y + 1) ** 2;
    }
    // E[y] = −1, E[(x−m)⁴] = 3·std⁴ = 48, E[(x−m)²(y−m)²] = 4·0.01 (degrees ≤ 2·3 − 1 per coordinate).
    expect(Math.abs(mass - 1)).toBeLessThan(1e-15);
    expect(Math.abs(mean + 1)).toBeLessThan(1e-15);
    expect(Math.abs(fourth - 48)).toBeLessThan(1e-13);
    expect(Math.abs(mixed - 0.04)).toBeLessThan(1e-16);
  });

  it('rejects non-positive std', () => {
    expect(() => new GaussianMeasure([0], [0])).toThrow(/std > 0/);
  });
});
