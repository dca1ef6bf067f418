import { describe, expect, it } from 'vitest';
import { gridAxisOrders } from './grid-axis-orders';

describe('gridAxisOrders', () => {
  it('lists the transposed order of a 2-D grid', () => {
    // 2×3 grid, index = 3·row + column; the rows run fastest in the transposed order.
    expect(gridAxisOrders([2, 3]).map((order) => [...order])).toEqual([[0, 3, 1, 4, 2, 5]]);
  });

  it('gives permutations with the chosen dimension innermost on a 3-D grid', () => {
    const shape = [2, 3, 4];
    const orders = gridAxisOrders(shape);
    expect(orders).toHaveLength(2);
    for (const [fastest, order] of orders.entries()) {
      expect([...order].sort((a, b) => a - b)).toEqual([...Array(24).keys()]);
      const stride = fastest === 0 ? 12 : 4;
      // Consecutive positions within one line along `fastest` differ by that dimension's stride.
      for (let p = 0; p + 1 < order.length; p++) if ((p + 1) % shape[fastest] !== 0) expect(order[p + 1] - order[p]).toBe(stride);
    }
  });

  it('has nothing to add for one dimension', () => {
    expect(gridAxisOrders([5])).toEqual([]);
  });
});
