import { describe, expect, it } from 'vitest';
import { gaussLegendre, periodicTrapezoid, tensorProduct } from '../math/quadrature';
import { GridInterpolator } from './grid-interpolator';

describe('GridInterpolator', () => {
  const n = 7;
  const grid = tensorProduct([gaussLegendre(n, -Math.PI, Math.PI), gaussLegendre(n, -8, 8)]);
  const interpolator = new GridInterpolator(grid, n, [2 * Math.PI, 0]);
  const columns = new Int32Array(4);
  const values = new Float64Array(4);
  const node = (j: number) => [grid.nodes[2 * j], grid.nodes[2 * j + 1]];

  it('reproduces the point exactly inside the grid (weights ≥ 0, sum 1, Σ w s = y)', () => {
    for (const y of [
      [0.3, -1.7],
      [-2.5, 6.1],
      [1.0, 0],
    ]) {
      interpolator.interpolate(y, columns, values, 0);
      let mass = 0;
      const mean = [0, 0];
      for (let c = 0; c < 4; c++) {
        expect(values[c]).toBeGreaterThanOrEqual(0);
        mass += values[c];
        mean[0] += values[c] * node(columns[c])[0];
        mean[1] += values[c] * node(columns[c])[1];
      }
      expect(Math.abs(mass - 1)).toBeLessThan(1e-15);
      expect(Math.abs(mean[0] - y[0])).toBeLessThan(1e-14);
      expect(Math.abs(mean[1] - y[1])).toBeLessThan(1e-14);
    }
  });

  it('a node maps to itself with weight 1 (up to the round-off of wrapping θ)', () => {
    interpolator.interpolate(node(17), columns, values, 0);
    const weight = [...columns].reduce((sum, column, c) => sum + (column === 17 ? values[c] : 0), 0);
    expect(Math.abs(weight - 1)).toBeLessThan(1e-14);
  });

  it('wraps the periodic coordinate (y and y ± 2π give the same weights) and clips the other', () => {
    const a = { columns: new Int32Array(4), values: new Float64Array(4) };
    const b = { columns: new Int32Array(4), values: new Float64Array(4) };
    interpolator.interpolate([0.4, 2], a.columns, a.values, 0);
    interpolator.interpolate([0.4 + 4 * Math.PI, 2], b.columns, b.values, 0);
    expect([...b.columns]).toEqual([...a.columns]);
    [...a.values].forEach((v, c) => expect(Math.abs(v - b.values[c])).toBeLessThan(1e-14));
    // Between the last θ node and the first + 2π: the wrap-around cell, linear in the wrapped distance.
    const last = grid.nodes[2 * (n - 1) * n];
    const first = grid.nodes[0];
    const gap = first + 2 * Math.PI - last;
    interpolator.interpolate([last + 0.25 * gap, grid.nodes[1]], columns, values, 0);
    const weightOf = (row: number) => [...columns].reduce((sum, column, c) => sum + (column === row * n ? values[c] : 0), 0);
    expect(Math.abs(weightOf(n - 1) - 0.75)).toBeLessThan(1e-13);
    expect(Math.abs(weightOf(0) - 0.25)).toBeLessThan(1e-13);
    // θ̇ beyond the box is clipped to the outermost node.
    interpolator.interpolate([first, 100], columns, values, 0);
    expect([...columns].reduce((sum, column, c) => sum + (column === n - 1 ? values[c] : 0), 0)).toBeCloseTo(1, 14);
  });

  it('interpolates on tori with the periodic trapezoid grid', () => {
    const torus = periodicTrapezoid(8);
    const onTorus = new GridInterpolator(torus, 8, [1]);
    const c = new Int32Array(2);
    const v = new Float64Array(2);
    onTorus.interpolate([0.95], c, v, 0);
    expect([...c]).toEqual([7, 0]);
    // 0.95 lies 0.6 of the way from node 7 (0.875) to node 0 (1 ≡ 0).
    expect(v[0]).toBeCloseTo(0.4, 14);
    expect(v[1]).toBeCloseTo(0.6, 14);
  });
});
