import { describe, expect, it } from 'vitest';
import type { Random } from '../plugin-points/random';
import { UniformTorusMeasure } from './uniform-torus-measure';

/** A Random that replays fixed uniforms, so sampling can be checked exactly. */
function scriptedRandom(uniforms: number[]): Random {
  const unused = () => {
    throw new Error('not scripted');
  };
  return { uniform: () => uniforms.shift() ?? unused(), normal: unused, fillNormal: unused, state: unused, split: unused };
}

describe('UniformTorusMeasure', () => {
  it('samples one uniform per coordinate at the requested offset and has density 1', () => {
    const measure = new UniformTorusMeasure(2);
    const out = new Float64Array(3);
    measure.sample(scriptedRandom([0.25, 0.75]), out, 1);
    expect([...out]).toEqual([0, 0.25, 0.75]);
    expect(measure.logDensity()).toBe(0);
    expect(measure.name).toBe('uniform-torus');
  });

  it('integrates trigonometric polynomials of degree < n exactly on the tensor trapezoid grid', () => {
    const n = 5;
    const rule = new UniformTorusMeasure(2).quadrature(n);
    expect(rule.count).toBe(n * n);
    expect(rule.dim).toBe(2);
    // Row-major, last coordinate fastest.
    expect([rule.nodes[2], rule.nodes[3]]).toEqual([0, 1 / n]);
    const moments = { mass: 0, mixed: 0, square: 0, highest: 0 };
    for (let j = 0; j < rule.count; j++) {
      const [x, y] = rule.nodes.subarray(2 * j, 2 * j + 2);
      const w = rule.weights[j];
      moments.mass += w;
      moments.mixed += w * Math.cos(2 * Math.PI * x) * Math.cos(2 * Math.PI * y);
      moments.square += w * Math.cos(2 * Math.PI * x) ** 2 * Math.sin(2 * Math.PI * 2 * y) ** 2;
      // e^{2πi(2x − 4y)} has |frequencies| < 5: mean 0.
      moments.highest += w * Math.cos(2 * Math.PI * (2 * x - 4 * y));
    }
    // Exact values 1, 0, 1/4, 0; rounding ≲ n²·eps.
    expect(Math.abs(moments.mass - 1)).toBeLessThan(1e-14);
    expect(Math.abs(moments.mixed)).toBeLessThan(1e-14);
    expect(Math.abs(moments.square - 0.25)).toBeLessThan(1e-14);
    expect(Math.abs(moments.highest)).toBeLessThan(1e-14);
  });
});
