import { SkylineKernels } from '../wasm/skyline-kernels';
import { reverseCuthillMcKee, type SparsityPattern } from './reverse-cuthill-mckee';

/** How {@link SkylineLuSolver} orders the unknowns before factorising. */
export type SkylineOrdering = 'auto' | 'natural' | 'reverse-cuthill-mckee';

/**
 * Sparse LU factorisation without pivoting, PAPᵀ = LU, in skyline (profile) storage, for one fixed
 * sparsity pattern with every buffer allocated once (George & Liu 1981, ch. 4). Row i of L is
 * stored from its first nonzero column lo_i to the diagonal, column j of U from its first nonzero
 * row top_j to the diagonal: elimination without pivoting creates fill only inside this envelope,
 * so the pattern is analysed once and every `factor` costs the same, allocation-free.
 *
 * Without pivoting the factorisation is meant for matrices where Gaussian elimination is stable
 * without it — strictly diagonally dominant by rows or columns, as I − γP_π (γ < 1, P_π
 * row-stochastic) of the soft Bellman equation (docs/math.md §5), whose Schur complements stay diagonally
 * dominant (growth factor ≤ 2). The ordering P (the cheapest of reverse Cuthill–McKee, the natural
 * one and any candidates given, see {@link skylineProfile}) keeps the envelope narrow on mesh-like
 * patterns.
 *
 * Use: write A's entries with {@link clear} and {@link entries} (slots from {@link slotOf}), then
 * {@link factor}, then {@link solve} / {@link solveTransposed} any number of times.
 */
export class SkylineLuSolver {
  readonly n: number;
  /** order[new] = old index; position[old] = new index. */
  readonly order: Int32Array;
  private readonly position: Int32Array;
  /** Per (permuted) row i: first stored column of L; per column j: first stored row of U. */
  private readonly rowFirst: Int32Array;
  private readonly columnFirst: Int32Array;
  /** Offsets such that L[i][j] = entries[lowerBase[i] + j] and U[k][j] = entries[upperBase[j] + k]. */
  private readonly lowerBase: Int32Array;
  private readonly upperBase: Int32Array;
  /**
   * The envelope (A's entries before `factor`, L — unit diagonal not stored — and U after) and the
   * factorisation and solves, in WebAssembly (assembly/skyline.ts: SIMD dot products, ordered to
   * shorten the dependency chain along a row of L or a column of U).
   */
  private readonly kernels: SkylineKernels;
  /** Multiply–adds of one `factor` (the profile's cost). */
  readonly factorCost: number;
  private factored = false;

  /**
   * @param pattern every position (row, column) that may hold a nonzero of A; the diagonal is
   *   always included.
   * @param ordering how to order the unknowns, or the profile {@link skylineProfile} computed for
   *   this pattern already (to price a factorisation before allocating it).
   */
  constructor(pattern: SparsityPattern, ordering: SkylineOrdering | SkylineProfile = 'auto') {
    const n = pattern.n;
    const chosen = typeof ordering === 'string' ? skylineProfile(pattern, ordering) : ordering;
    if (chosen.order.length !== n) throw new Error(`SkylineLuSolver: the profile is for ${chosen.order.length} unknowns, the pattern has ${n}`);
    this.n = n;
    this.order = chosen.order;
    this.position = chosen.position;
    this.rowFirst = chosen.rowFirst;
    this.columnFirst = chosen.columnFirst;
    this.factorCost = chosen.factorCost;
    this.lowerBase = new Int32Array(n);
    this.upperBase = new Int32Array(n);
    let size = 0;
    for (let i = 0; i < n; i++) {
      this.lowerBase[i] = size - this.rowFirst[i];
      size += i - this.rowFirst[i];
    }
    for (let j = 0; j < n; j++) {
      this.upperBase[j] = size - this.columnFirst[j];
      size += j - this.columnFirst[j] + 1;
    }
    this.kernels = new SkylineKernels(n, size, { rowFirst: this.rowFirst, columnFirst: this.columnFirst, lowerBase: this.lowerBase, upperBase: this.upperBase });
  }

  /** The storage slot of A's entry (row, column), which must lie in the pattern given (or the diagonal). */
  slotOf(row: number, column: number): number {
    const i = this.position[row];
    const j = this.position[column];
    if (j < i) {
      if (j < this.rowFirst[i]) throw new Error(`SkylineLuSolver: (${row}, ${column}) lies outside the pattern`);
      return this.lowerBase[i] + j;
    }
    if (i < this.columnFirst[j]) throw new Error(`SkylineLuSolver: (${row}, ${column}) lies outside the pattern`);
    return this.upperBase[j] + i;
  }

  /**
   * A's entries by slot (from {@link slotOf}), to assemble into after {@link clear}; `factor`
   * overwrites them with L and U. Written directly, not through a method, so that assembling
   * millions of entries boxes no number (a call V8 does not inline allocates one per argument).
   */
  get entries(): Float64Array {
    return this.kernels.entries;
  }

  /** Sets every entry of A to 0 (before assembling a new matrix into {@link entries}). */
  clear(): void {
    this.kernels.entries.fill(0);
    this.factored = false;
  }

  /**
   * Factors the assembled A in place (left-looking Doolittle on the profile: row i of L, then column
   * i of U, each entry one contiguous dot product). Throws if a pivot is not finite or ≤ n·eps times
   * the largest |entry| (the matrix then needs pivoting or is singular).
   */
  factor(): void {
    const failedAt = this.kernels.factor();
    this.factored = failedAt < 0;
    if (failedAt >= 0) {
      const [threshold, pivot] = this.kernels.report;
      throw new Error(
        `SkylineLuSolver: pivot ${pivot} at step ${failedAt} is not finite or ≤ n·eps·max|a| = ${threshold}; ` +
          'the matrix is singular or needs pivoting (use a dense LU)',
      );
    }
  }

  /** Solves A x = b into out (both length n; out may be b). */
  solve(b: Float64Array, out: Float64Array): void {
    this.assertReady(b, out);
    const { n, order, kernels } = this;
    const work = kernels.work;
    for (let i = 0; i < n; i++) work[i] = b[order[i]];
    // L y = P b by rows (unit diagonal), then U x = y by columns.
    kernels.solve();
    for (let i = 0; i < n; i++) out[order[i]] = work[i];
  }

  /** Solves Aᵀ x = b into out (both length n; out may be b): P Aᵀ Pᵀ = Uᵀ Lᵀ. */
  solveTransposed(b: Float64Array, out: Float64Array): void {
    this.assertReady(b, out);
    const { n, order, kernels } = this;
    const work = kernels.work;
    for (let i = 0; i < n; i++) work[i] = b[order[i]];
    kernels.solveTransposed();
    for (let i = 0; i < n; i++) out[order[i]] = work[i];
  }

  private assertReady(b: Float64Array, out: Float64Array): void {
    if (!this.factored) throw new Error('SkylineLuSolver: call factor() after assembling a non-singular matrix before solving');
    if (b.length !== this.n || out.length !== this.n) throw new Error(`SkylineLuSolver: right-hand side and output must have length ${this.n}`);
  }
}

/** The profile of PAPᵀ for one ordering P, and what factorising within it costs. */
export interface SkylineProfile {
  /** order[new] = old index. */
  readonly order: Int32Array;
  readonly position: Int32Array;
  /** Per permuted row: its first stored column of L; per permuted column: its first stored row of U. */
  readonly rowFirst: Int32Array;
  readonly columnFirst: Int32Array;
  /** Multiply–adds of one factorisation. */
  readonly factorCost: number;
  /** Stored entries of L and U together (8 bytes each). */
  readonly envelopeSize: number;
}

/**
 * The profile a {@link SkylineLuSolver} of `pattern` would use (for `auto`: the cheapest of the
 * natural order, reverse Cuthill–McKee and the `candidates`, e.g. the axis orders of a grid,
 * grid-axis-orders.ts), without allocating the factor.
 *
 * @param candidates further orders (order[new] = old index) that `auto` weighs
 */
export function skylineProfile(pattern: SparsityPattern, ordering: SkylineOrdering = 'auto', candidates: readonly Int32Array[] = []): SkylineProfile {
  const { n, rowStart, columns } = pattern;
  if (!(Number.isInteger(n) && n >= 1)) throw new Error(`SkylineLuSolver: size must be a positive integer, got ${n}`);
  if (rowStart.length !== n + 1 || rowStart[0] !== 0 || rowStart[n] > columns.length) {
    throw new Error(`SkylineLuSolver: rowStart must hold n + 1 = ${n + 1} offsets from 0 into columns`);
  }
  for (const order of candidates) if (order.length !== n) throw new Error(`SkylineLuSolver: a candidate order has ${order.length} entries, the pattern ${n} unknowns`);
  const natural = Int32Array.from({ length: n }, (_, i) => i);
  const orders = ordering === 'natural' ? [natural] : ordering === 'reverse-cuthill-mckee' ? [reverseCuthillMcKee(pattern)] : [natural, reverseCuthillMcKee(pattern), ...candidates];
  let best: SkylineProfile | undefined;
  for (const order of orders) {
    const profile = profileOf(pattern, order);
    if (best === undefined || profile.factorCost < best.factorCost) best = profile;
  }
  return best as SkylineProfile;
}

function profileOf(pattern: SparsityPattern, order: Int32Array): SkylineProfile {
  const { n, rowStart, columns } = pattern;
  const position = new Int32Array(n);
  for (let i = 0; i < n; i++) position[order[i]] = i;
  const rowFirst = Int32Array.from({ length: n }, (_, i) => i);
  const columnFirst = Int32Array.from({ length: n }, (_, j) => j);
  for (let row = 0; row < n; row++) {
    const i = position[row];
    for (let e = rowStart[row]; e < rowStart[row + 1]; e++) {
      const j = position[columns[e]];
      if (j < i) rowFirst[i] = Math.min(rowFirst[i], j);
      else columnFirst[j] = Math.min(columnFirst[j], i);
    }
  }
  // The dot products of `factor`, entry by entry.
  let cost = 0;
  let size = 0;
  for (let i = 0; i < n; i++) {
    size += i - rowFirst[i] + i - columnFirst[i] + 1;
    for (let j = rowFirst[i]; j < i; j++) cost += Math.max(0, j - Math.max(rowFirst[i], columnFirst[j]));
    for (let j = columnFirst[i]; j <= i; j++) cost += Math.max(0, j - Math.max(rowFirst[j], columnFirst[i]));
  }
  return { order, position, rowFirst, columnFirst, factorCost: cost, envelopeSize: size };
}
