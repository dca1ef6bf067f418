import { describe, expect, it } from 'vitest';
import { DenseLuSolver } from './dense-lu-solver';
import { gridAxisOrders } from './grid-axis-orders';
import { createRandom } from './random';
import type { SparsityPattern } from './reverse-cuthill-mckee';
import { SkylineLuSolver, skylineProfile } from './skyline-lu-solver';

/**
 * I − γP on a periodic side×side grid: each node sends its mass to `reach` random nodes within
 * `radius` cells (wrapping; the column, the fast index, clipped instead when `wrapColumns` is false),
 * as an interpolated semi-Lagrangian kernel does; P row-stochastic, so the matrix is strictly
 * diagonally dominant by rows, as the soft Bellman system (docs/math.md §5).
 */
function meshSystem(side: number, radius: number, reach: number, gamma: number, seed: number, wrapColumns = true) {
  const rng = createRandom(seed);
  const n = side * side;
  const dense = new Float64Array(n * n);
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) {
    const [r, c] = [Math.floor(i / side), i % side];
    const targets: number[] = [];
    const weights: number[] = [];
    for (let t = 0; t < reach; t++) {
      const dr = Math.floor(rng.uniform() * (2 * radius + 1)) - radius;
      const dc = Math.floor(rng.uniform() * (2 * radius + 1)) - radius;
      const column = wrapColumns ? (((c + dc) % side) + side) % side : Math.min(side - 1, Math.max(0, c + dc));
      targets.push(((((r + dr) % side) + side) % side) * side + column);
      weights.push(rng.uniform() + 0.01);
    }
    const total = weights.reduce((a, b) => a + b, 0);
    dense[i * n + i] += 1;
    targets.forEach((j, t) => (dense[i * n + j] -= (gamma * weights[t]) / total));
    rows.push(targets);
  }
  const rowStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) rowStart[i + 1] = rowStart[i] + rows[i].length;
  const pattern: SparsityPattern = { n, rowStart, columns: Int32Array.from(rows.flat()) };
  return { n, dense, pattern };
}

function assemble(solver: SkylineLuSolver, dense: Float64Array, pattern: SparsityPattern): void {
  const { n, rowStart, columns } = pattern;
  solver.clear();
  const done = new Set<number>();
  for (let i = 0; i < n; i++) {
    done.clear();
    solver.entries[solver.slotOf(i, i)] += dense[i * n + i];
    done.add(i);
    for (let e = rowStart[i]; e < rowStart[i + 1]; e++) {
      const j = columns[e];
      if (done.has(j)) continue;
      done.add(j);
      solver.entries[solver.slotOf(i, j)] += dense[i * n + j];
    }
  }
}

function maxRelativeDifference(a: Float64Array, b: Float64Array): number {
  let scale = 0;
  let difference = 0;
  for (let i = 0; i < a.length; i++) {
    scale = Math.max(scale, Math.abs(b[i]));
    difference = Math.max(difference, Math.abs(a[i] - b[i]));
  }
  return difference / scale;
}

describe('SkylineLuSolver', () => {
  it('equals a dense LU on mesh-like diagonally dominant systems, for A and Aᵀ, in every ordering', () => {
    for (const [side, radius, reach, gamma] of [
      [1, 0, 1, 0.5],
      [7, 1, 3, 0.9],
      [16, 3, 8, 0.99],
    ]) {
      const { n, dense, pattern } = meshSystem(side, radius, reach, gamma, side);
      const reference = new DenseLuSolver(n);
      reference.factor(dense);
      const rng = createRandom(3);
      const b = new Float64Array(n).map(() => rng.normal());
      const expected = new Float64Array(n);
      const expectedTransposed = new Float64Array(n);
      reference.solve(b, expected);
      reference.solveTransposed(b, expectedTransposed);
      for (const ordering of ['natural', 'reverse-cuthill-mckee', 'auto'] as const) {
        const solver = new SkylineLuSolver(pattern, ordering);
        assemble(solver, dense, pattern);
        solver.factor();
        const x = new Float64Array(n);
        solver.solve(b, x);
        // Both factorisations are backward stable (growth ≤ 2 without pivoting on a diagonally
        // dominant matrix); cond_∞ ≤ (1+γ)/(1−γ) ≤ 199 turns n·u-sized backward errors (unit
        // round-off u = 2⁻⁵³ ≈ 1.1e−16) into ≲ 256·1.1e−16·199 ≈ 5.7e−12 forward differences.
        expect(maxRelativeDifference(x, expected)).toBeLessThan(1e-11);
        solver.solveTransposed(b, x);
        expect(maxRelativeDifference(x, expectedTransposed)).toBeLessThan(1e-11);
        // Refactorising a newly assembled matrix gives the same factors (nothing carried over).
        assemble(solver, dense, pattern);
        solver.factor();
        const again = new Float64Array(n);
        solver.solveTransposed(b, again);
        expect(again).toEqual(x);
      }
    }
  });

  it('chooses the cheaper ordering: reverse Cuthill–McKee on a periodic mesh', () => {
    const { pattern } = meshSystem(16, 2, 6, 0.9, 4);
    const natural = new SkylineLuSolver(pattern, 'natural');
    const rcm = new SkylineLuSolver(pattern, 'reverse-cuthill-mckee');
    const auto = new SkylineLuSolver(pattern);
    expect(auto.factorCost).toBe(Math.min(natural.factorCost, rcm.factorCost));
    // The periodic wrap makes the natural envelope span the whole matrix in its corner rows.
    expect(rcm.factorCost).toBeLessThan(natural.factorCost);
  });

  it('weighs candidate orders: on a grid periodic only in its slow dimension, running that one fastest is cheapest', () => {
    // Pendulum's grid in miniature (θ periodic and slowest): natural order puts θ's wrap-around in
    // the matrix corners; the axis order keeps it within one grid line.
    const side = 20;
    const { n, dense, pattern } = meshSystem(side, 2, 8, 0.98, 5, false);
    const [transposed] = gridAxisOrders([side, side]);
    const profile = skylineProfile(pattern, 'auto', [transposed]);
    expect(profile.order).toEqual(transposed);
    expect(profile.factorCost).toBeLessThan(Math.min(skylineProfile(pattern, 'natural').factorCost, skylineProfile(pattern, 'reverse-cuthill-mckee').factorCost));
    const solver = new SkylineLuSolver(pattern, profile);
    assemble(solver, dense, pattern);
    solver.factor();
    const reference = new DenseLuSolver(n);
    reference.factor(dense);
    const b = new Float64Array(n).map((_, i) => Math.sin(i));
    const [x, expected] = [new Float64Array(n), new Float64Array(n)];
    solver.solve(b, x);
    reference.solve(b, expected);
    // As above: n·u·cond_∞ ≤ 400·1.1e−16·99 ≈ 4.4e−12 (γ = 0.98).
    expect(maxRelativeDifference(x, expected)).toBeLessThan(1e-11);
    expect(() => skylineProfile(pattern, 'auto', [transposed.subarray(1)])).toThrow(/candidate order has 399 entries, the pattern 400/);
  });

  it('allows out to alias b, and solves a small system exactly', () => {
    // [[2, −1, 0], [0, 2, −1], [−1, 0, 2]] (a periodic chain): x = (1, 1, 1) for b = (1, 1, 1).
    const pattern: SparsityPattern = { n: 3, rowStart: Int32Array.from([0, 1, 2, 3]), columns: Int32Array.from([1, 2, 0]) };
    const solver = new SkylineLuSolver(pattern);
    solver.clear();
    for (let i = 0; i < 3; i++) solver.entries[solver.slotOf(i, i)] += 2;
    solver.entries[solver.slotOf(0, 1)] += -1;
    solver.entries[solver.slotOf(1, 2)] += -1;
    solver.entries[solver.slotOf(2, 0)] += -1;
    solver.factor();
    const b = Float64Array.from([1, 1, 1]);
    solver.solve(b, b);
    b.forEach((x) => expect(x).toBeCloseTo(1, 15));
    // Aᵀ y = (1, 2, 4), checked by substituting y into the three equations of Aᵀ.
    const c = Float64Array.from([1, 2, 4]);
    solver.solveTransposed(c, c);
    expect(2 * c[0] - c[2]).toBeCloseTo(1, 14);
    expect(-c[0] + 2 * c[1]).toBeCloseTo(2, 14);
    expect(-c[1] + 2 * c[2]).toBeCloseTo(4, 14);
  });

  it('rejects entries outside the pattern, solving before factor, and zero pivots', () => {
    const pattern: SparsityPattern = { n: 3, rowStart: Int32Array.from([0, 1, 1, 1]), columns: Int32Array.from([1]) };
    const solver = new SkylineLuSolver(pattern, 'natural');
    expect(() => solver.slotOf(2, 0)).toThrow(/outside the pattern/);
    expect(() => solver.solve(new Float64Array(3), new Float64Array(3))).toThrow(/factor\(\)/);
    solver.clear();
    solver.entries[solver.slotOf(0, 0)] += 1;
    solver.entries[solver.slotOf(1, 1)] += 1;
    expect(() => solver.factor()).toThrow(/pivot 0 at step 2/);
    expect(() => new SkylineLuSolver({ n: 2, rowStart: Int32Array.from([0]), columns: new Int32Array(0) })).toThrow(/n \+ 1 = 3 offsets/);
  });
});
