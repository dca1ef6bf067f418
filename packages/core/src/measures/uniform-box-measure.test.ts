import { describe, expect, it } from 'vitest';
import type { Random } from '../plugin-points/random';
import { UniformBoxMeasure } from './uniform-box-measure';

/** A Random that replays fixed uniforms, so sampling can be checked exactly. */
function scriptedRandom(uniforms: number[]): Random {
  const unused = () => {
    throw new Error('not scripted');
  };
  return { uniform: () => uniforms.shift() ?? unused(), normal: unused, fillNormal: unused, state: unused, split: unused };
}

describe('UniformBoxMeasure', () => {
  const measure = new UniformBoxMeasure([1, -2], [3, 2]);

  it('samples low + (high − low)·u and has density 1/volume inside, 0 outside', () => {
    const out = new Float64Array(2);
    measure.sample(scriptedRandom([0.5, 0.25]), out);
    expect([...out]).toEqual([2, -1]);
    expect(measure.logDensity([1, 2])).toBeCloseTo(-Math.log(8), 15);
    expect(measure.logDensity([0.99, 0])).toBe(-Infinity);
    expect(measure.logDensity([2, Number.NaN])).toBe(-Infinity);
    expect(measure.name).toBe('uniform-box');
    expect(measure.dim).toBe(2);
  });

  it('has Gauss–Legendre weights summing to 1 that integrate polynomials of degree ≤ 2n − 1 exactly', () => {
    const rule = measure.quadrature(3);
    let mass = 0;
    let moment = 0;
    for (let j = 0; j < rule.count; j++) {
      const [x, y] = rule.nodes.subarray(2 * j, 2 * j + 2);
      mass += rule.weights[j];
      moment += rule.weights[j] * x ** 5 * y ** 4;
    }
    // E[x⁵] on U[1,3] = (3⁶ − 1)/(6·2) = 728/12; E[y⁴] on U[−2,2] = 2⁴/5.
    expect(Math.abs(mass - 1)).toBeLessThan(1e-15);
    expect(Math.abs(moment - (728 / 12) * (16 / 5))).toBeLessThan(1e-12);
  });

  it('rejects empty or inverted boxes', () => {
    expect(() => new UniformBoxMeasure([0], [0])).toThrow(/low < high/);
    expect(() => new UniformBoxMeasure([0, 1], [1])).toThrow(/equal length/);
  });
});
