import { describe, expect, it } from 'vitest';
import { stateQuadrature } from './state-quadrature';

describe('stateQuadrature', () => {
  it('uses the periodic trapezoid grid on tori (Lebesgue weights summing to volume 1)', () => {
    const rule = stateQuadrature({ kind: 'torus', dim: 2 }, 4);
    expect(rule.count).toBe(16);
    expect(rule.dim).toBe(2);
    expect([...rule.nodes.subarray(0, 4)]).toEqual([0, 0, 0, 0.25]);
    expect(rule.weights.every((w) => w === 1 / 16)).toBe(true);
  });

  it('uses Lebesgue Gauss–Legendre on boxes (weights summing to the volume, exact to degree 2n − 1)', () => {
    const rule = stateQuadrature({ kind: 'box', dim: 1, low: [-1], high: [3] }, 4);
    let volume = 0;
    let moment = 0;
    for (let j = 0; j < rule.count; j++) {
      volume += rule.weights[j];
      moment += rule.weights[j] * rule.nodes[j] ** 7;
    }
    // ∫_{−1}^{3} x⁷ dx = (3⁸ − 1)/8 = 820.
    expect(Math.abs(volume - 4)).toBeLessThan(1e-14);
    expect(Math.abs(moment - 820)).toBeLessThan(1e-11);
  });

  it('uses every point with counting weight 1 on finite spaces', () => {
    const rule = stateQuadrature({ kind: 'finite', dim: 1, size: 3 }, 99);
    expect([...rule.nodes]).toEqual([0, 1, 2]);
    expect([...rule.weights]).toEqual([1, 1, 1]);
  });

  it('refuses euclidean spaces with an explanation', () => {
    expect(() => stateQuadrature({ kind: 'euclidean', dim: 2 }, 8)).toThrow(/bounded state space/);
  });
});
