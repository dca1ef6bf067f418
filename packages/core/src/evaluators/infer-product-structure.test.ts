import { describe, expect, it } from 'vitest';
import { inferProductStructure } from './infer-product-structure';

/** Features of S state nodes × K action nodes, row (i·K + k), from a per-coordinate function. */
function grid(stateCount: number, actionCount: number, coordinates: ((i: number, k: number) => number)[]): Float64Array {
  const p = coordinates.length;
  const data = new Float64Array(stateCount * actionCount * p);
  for (let i = 0; i < stateCount; i++) {
    for (let k = 0; k < actionCount; k++) coordinates.forEach((x, c) => (data[(i * actionCount + k) * p + c] = x(i, k)));
  }
  return data;
}

const state = (i: number) => Math.cos(0.7 * i + 0.1);
const action = (k: number) => Math.sin(1.3 * k - 0.2);

describe('inferProductStructure', () => {
  it('finds [ψ_S(s), ψ_A(a)] and its factors reproduce every row bit for bit', () => {
    const data = grid(5, 4, [(i) => state(i), (i) => state(i) ** 2, (_, k) => action(k), (_, k) => 2 * action(k)]);
    const product = inferProductStructure(data, 5, 4, 4);
    expect(product).toBeDefined();
    if (product === undefined) return;
    expect([product.outerDim, product.innerDim]).toEqual([2, 2]);
    for (let i = 0; i < 5; i++) {
      for (let k = 0; k < 4; k++) {
        const row = [...product.outer.subarray(2 * i, 2 * i + 2), ...product.inner.subarray(2 * k, 2 * k + 2)];
        expect(row).toEqual([...data.subarray((i * 4 + k) * 4, (i * 4 + k + 1) * 4)]);
      }
    }
  });

  it('puts constant coordinates on either side and handles a single state node', () => {
    expect(inferProductStructure(grid(3, 3, [(i) => state(i), () => 1, (_, k) => action(k)]), 3, 3, 3)?.outerDim).toBeGreaterThanOrEqual(1);
    const bandit = inferProductStructure(grid(1, 6, [(_, k) => action(k), (_, k) => -action(k)]), 1, 6, 2);
    expect(bandit?.innerDim).toBe(2);
  });

  it('declines features that mix state and action or interleave them', () => {
    expect(inferProductStructure(grid(4, 4, [(i) => state(i), (i, k) => state(i) + action(k)]), 4, 4, 2)).toBeUndefined();
    expect(inferProductStructure(grid(4, 4, [(_, k) => action(k), (i) => state(i)]), 4, 4, 2)).toBeUndefined();
    expect(inferProductStructure(grid(4, 4, [(i) => state(i), (_, k) => action(k), (i) => 3 * state(i)]), 4, 4, 3)).toBeUndefined();
    // A difference of one ulp is not a product: the backends would otherwise compute other numbers.
    const data = grid(3, 3, [(i) => state(i), (_, k) => action(k)]);
    data[(1 * 3 + 2) * 2] += 2 ** -52 * Math.abs(data[(1 * 3 + 2) * 2]);
    expect(inferProductStructure(data, 3, 3, 2)).toBeUndefined();
  });
});
