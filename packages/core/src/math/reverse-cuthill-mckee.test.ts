import { describe, expect, it } from 'vitest';
import { reverseCuthillMcKee, type SparsityPattern } from './reverse-cuthill-mckee';

/** The 5-point stencil of a side×side grid, nodes relabelled by `label` (old → new name). */
function gridPattern(side: number, label: (node: number) => number): SparsityPattern {
  const n = side * side;
  const rows: number[][] = Array.from({ length: n }, () => []);
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) {
      const node = label(r * side + c);
      if (r + 1 < side) rows[node].push(label((r + 1) * side + c));
      if (c + 1 < side) rows[node].push(label(r * side + c + 1));
    }
  }
  const rowStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) rowStart[i + 1] = rowStart[i] + rows[i].length;
  return { n, rowStart, columns: Int32Array.from(rows.flat()) };
}

function bandwidth(pattern: SparsityPattern, order: Int32Array): number {
  const position = new Int32Array(pattern.n);
  order.forEach((old, index) => (position[old] = index));
  let width = 0;
  for (let i = 0; i < pattern.n; i++) {
    for (let e = pattern.rowStart[i]; e < pattern.rowStart[i + 1]; e++) width = Math.max(width, Math.abs(position[i] - position[pattern.columns[e]]));
  }
  return width;
}

describe('reverseCuthillMcKee', () => {
  it('returns a permutation that narrows a scrambled grid to the width of its level sets', () => {
    const side = 20;
    const n = side * side;
    // A fixed scrambling: multiplication by 7 modulo 401 (prime) permutes 1…400.
    const scramble = (node: number) => ((node + 1) * 7) % 401 - 1;
    const pattern = gridPattern(side, scramble);
    const identity = Int32Array.from({ length: n }, (_, i) => i);
    expect(bandwidth(pattern, identity)).toBeGreaterThan(300);
    const order = reverseCuthillMcKee(pattern);
    expect([...order].sort((a, b) => a - b)).toEqual([...identity]);
    // Breadth-first levels of a grid from a corner are its anti-diagonals (≤ side nodes), and every
    // edge joins the same or adjacent levels: the bandwidth is below two levels.
    expect(bandwidth(pattern, order)).toBeLessThan(2 * side);
  });

  it('numbers every component of a disconnected pattern, and isolated nodes', () => {
    const pattern: SparsityPattern = { n: 5, rowStart: Int32Array.from([0, 1, 1, 2, 2, 2]), columns: Int32Array.from([1, 4]) };
    const order = reverseCuthillMcKee(pattern);
    expect([...order].sort()).toEqual([0, 1, 2, 3, 4]);
    expect(bandwidth(pattern, order)).toBeLessThanOrEqual(1);
  });

  it('rejects columns outside the matrix', () => {
    expect(() => reverseCuthillMcKee({ n: 2, rowStart: Int32Array.from([0, 1, 1]), columns: Int32Array.from([2]) })).toThrow(/column 2 of row 0/);
  });
});
