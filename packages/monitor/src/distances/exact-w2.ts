/**
 * Exact 2-Wasserstein distance between two particle clouds with equal weights (docs/math.md §5):
 *
 *   W2²(ν^N, μ^N) = min over permutations σ of (1/N) Σ_i |a_i − b_σ(i)|²,
 *
 * since for two uniform empirical measures of the same size an optimal plan is a permutation
 * (Birkhoff). The assignment is solved by the shortest-augmenting-path Hungarian method with dual
 * potentials (Jonker–Volgenant's augmentation, O(N³) worst case) on a preallocated N×N matrix of
 * squared distances.
 *
 * Buffers are allocated once for the largest N seen, so calls in a loop allocate nothing.
 *
 * @example
 * const w2 = new ExactW2();
 * const distance = w2.distance(a, b, 1000, 6); // a, b: 1000×6 row-major Float64Array
 */
export class ExactW2 {
  private capacity = 0;
  private cost = new Float64Array(0);
  private rowPotential = new Float64Array(0);
  private columnPotential = new Float64Array(0);
  private minSlack = new Float64Array(0);
  /** rowOfColumn[j] = 1 + the row assigned to column j − 1 (index 0 is the virtual column). */
  private rowOfColumn = new Int32Array(0);
  private previousColumn = new Int32Array(0);
  private usedColumn = new Uint8Array(0);
  /** assignment[i] = the column (particle of b) matched to particle i of a, after a call. */
  private assignmentBuffer = new Int32Array(0);

  /** W2(a, b): a and b are N×d row-major clouds of the same size and dimension. */
  distance(a: Float64Array, b: Float64Array, particleCount: number, dim: number): number {
    return Math.sqrt(this.squaredDistance(a, b, particleCount, dim));
  }

  /** W2²(a, b), same arguments as {@link ExactW2.distance}. */
  squaredDistance(a: Float64Array, b: Float64Array, particleCount: number, dim: number): number {
    checkClouds(a, b, particleCount, dim);
    const n = particleCount;
    this.reserve(n);
    const cost = this.cost;
    for (let i = 0; i < n; i++) {
      const rowA = i * dim;
      for (let j = 0; j < n; j++) {
        const rowB = j * dim;
        let squared = 0;
        for (let c = 0; c < dim; c++) {
          const difference = a[rowA + c] - b[rowB + c];
          squared += difference * difference;
        }
        cost[i * n + j] = squared;
      }
    }
    this.solveAssignment(n);
    let total = 0;
    for (let i = 0; i < n; i++) total += cost[i * n + this.assignmentBuffer[i]];
    return total / n;
  }

  /** The optimal matching of the last call: particle i of a ↔ particle assignment[i] of b (a view). */
  get assignment(): Int32Array {
    return this.assignmentBuffer;
  }

  private reserve(n: number): void {
    if (n <= this.capacity) return;
    this.capacity = n;
    this.cost = new Float64Array(n * n);
    this.rowPotential = new Float64Array(n + 1);
    this.columnPotential = new Float64Array(n + 1);
    this.minSlack = new Float64Array(n + 1);
    this.rowOfColumn = new Int32Array(n + 1);
    this.previousColumn = new Int32Array(n + 1);
    this.usedColumn = new Uint8Array(n + 1);
    this.assignmentBuffer = new Int32Array(n);
  }

  /**
   * Rows are added one at a time; each addition grows a shortest-path tree on reduced costs
   * c_ij − u_i − v_j ≥ 0 (Dijkstra) until it reaches a free column, updates the potentials so
   * reduced costs stay non-negative and tight on the tree, then flips the augmenting path.
   * Indices are 1-based with column 0 as the root of the tree.
   */
  private solveAssignment(n: number): void {
    const { cost, rowPotential: u, columnPotential: v, minSlack, rowOfColumn: p, previousColumn: way, usedColumn: used } = this;
    u.fill(0, 0, n + 1);
    v.fill(0, 0, n + 1);
    p.fill(0, 0, n + 1);
    way.fill(0, 0, n + 1);
    for (let i = 1; i <= n; i++) {
      p[0] = i;
      let j0 = 0;
      minSlack.fill(Number.POSITIVE_INFINITY, 0, n + 1);
      used.fill(0, 0, n + 1);
      do {
        used[j0] = 1;
        const i0 = p[j0];
        const rowOffset = (i0 - 1) * n - 1;
        const ui0 = u[i0];
        let delta = Number.POSITIVE_INFINITY;
        let j1 = 0;
        for (let j = 1; j <= n; j++) {
          if (used[j]) continue;
          const reduced = cost[rowOffset + j] - ui0 - v[j];
          if (reduced < minSlack[j]) {
            minSlack[j] = reduced;
            way[j] = j0;
          }
          if (minSlack[j] < delta) {
            delta = minSlack[j];
            j1 = j;
          }
        }
        for (let j = 0; j <= n; j++) {
          if (used[j]) {
            u[p[j]] += delta;
            v[j] -= delta;
          } else {
            minSlack[j] -= delta;
          }
        }
        j0 = j1;
      } while (p[j0] !== 0);
      do {
        const j1 = way[j0];
        p[j0] = p[j1];
        j0 = j1;
      } while (j0 !== 0);
    }
    for (let j = 1; j <= n; j++) this.assignmentBuffer[p[j] - 1] = j - 1;
  }
}

/** W2 between two equal-size clouds by {@link ExactW2} (allocates its buffers: reuse an ExactW2 in loops). */
export function exactW2(a: Float64Array, b: Float64Array, particleCount: number, dim: number): number {
  return new ExactW2().distance(a, b, particleCount, dim);
}

/** Throws a RangeError unless a and b are both particleCount×dim with particleCount, dim ≥ 1. */
export function checkClouds(a: Float64Array, b: Float64Array, particleCount: number, dim: number): void {
  if (!Number.isInteger(particleCount) || particleCount < 1) throw new RangeError(`particleCount must be an integer ≥ 1, got ${particleCount}`);
  if (!Number.isInteger(dim) || dim < 1) throw new RangeError(`dim must be an integer ≥ 1, got ${dim}`);
  const size = particleCount * dim;
  if (a.length !== size || b.length !== size) {
    throw new RangeError(`both clouds must hold N·d = ${particleCount}·${dim} = ${size} numbers, got ${a.length} and ${b.length}`);
  }
}
