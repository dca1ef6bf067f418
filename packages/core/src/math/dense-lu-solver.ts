/**
 * LU factorisation with partial pivoting, PA = LU, for one fixed size n, with every buffer
 * allocated once. Solves A x = b and Aᵀ x = b (the grid evaluator needs both: V from
 * (I − γP_π)V = r_π − τKL_π and the occupancy from its transpose, docs/math.md §5).
 *
 * Backward stable: the computed x solves (A + δA)x = b with ‖δA‖ ≲ n·eps·‖A‖·(growth factor),
 * so the residual ‖Ax − b‖ is of order n·eps·‖A‖·‖x‖.
 */
export class DenseLuSolver {
  /** L (unit lower, below the diagonal) and U (upper, with the diagonal), n×n row-major. */
  private readonly lu: Float64Array;
  /** Row i of PA is row permutation[i] of A. */
  private readonly permutation: Int32Array;
  /** Scratch vector of length n, so `out` may alias `b`. */
  private readonly work: Float64Array;
  private factored = false;

  constructor(readonly n: number) {
    if (!Number.isInteger(n) || n < 1) throw new Error(`DenseLuSolver: size must be a positive integer, got ${n}`);
    this.lu = new Float64Array(n * n);
    this.permutation = new Int32Array(n);
    this.work = new Float64Array(n);
  }

  /**
   * Factors a (n×n row-major; not modified). Throws if a is singular to working precision: a pivot
   * column whose largest remaining entry is ≤ n·eps·max|a_ij| (or not finite).
   */
  factor(a: Float64Array): void {
    const { n, lu, permutation } = this;
    if (a.length !== n * n) throw new Error(`DenseLuSolver: expected a ${n}×${n} matrix (${n * n} entries), got ${a.length}`);
    lu.set(a);
    let scale = 0;
    for (let i = 0; i < n * n; i++) scale = Math.max(scale, Math.abs(a[i]));
    const threshold = n * Number.EPSILON * scale;
    for (let i = 0; i < n; i++) permutation[i] = i;
    this.factored = false;

    for (let k = 0; k < n; k++) {
      let pivotRow = k;
      let pivotSize = Math.abs(lu[k * n + k]);
      for (let i = k + 1; i < n; i++) {
        const size = Math.abs(lu[i * n + k]);
        if (size > pivotSize) {
          pivotSize = size;
          pivotRow = i;
        }
      }
      if (!(pivotSize > threshold) || !Number.isFinite(pivotSize)) {
        throw new Error(
          `DenseLuSolver: matrix is singular to working precision (pivot ${pivotSize} in column ${k} ` +
            `≤ n·eps·max|a| = ${threshold})`,
        );
      }
      if (pivotRow !== k) {
        for (let j = 0; j < n; j++) {
          const t = lu[k * n + j];
          lu[k * n + j] = lu[pivotRow * n + j];
          lu[pivotRow * n + j] = t;
        }
        const p = permutation[k];
        permutation[k] = permutation[pivotRow];
        permutation[pivotRow] = p;
      }
      const pivot = lu[k * n + k];
      for (let i = k + 1; i < n; i++) {
        const factor = lu[i * n + k] / pivot;
        lu[i * n + k] = factor;
        if (factor === 0) continue;
        for (let j = k + 1; j < n; j++) lu[i * n + j] -= factor * lu[k * n + j];
      }
    }
    this.factored = true;
  }

  /** Solves A x = b into out (both length n; out may be b). */
  solve(b: Float64Array, out: Float64Array): void {
    this.assertReady(b, out);
    const { n, lu, permutation, work } = this;
    // L y = P b (forward), then U x = y (backward).
    for (let i = 0; i < n; i++) {
      let sum = b[permutation[i]];
      for (let j = 0; j < i; j++) sum -= lu[i * n + j] * work[j];
      work[i] = sum;
    }
    for (let i = n - 1; i >= 0; i--) {
      let sum = work[i];
      for (let j = i + 1; j < n; j++) sum -= lu[i * n + j] * work[j];
      work[i] = sum / lu[i * n + i];
    }
    out.set(work);
  }

  /** Solves Aᵀ x = b into out (both length n; out may be b). */
  solveTransposed(b: Float64Array, out: Float64Array): void {
    this.assertReady(b, out);
    const { n, lu, permutation, work } = this;
    // Aᵀ = Uᵀ Lᵀ P: Uᵀ y = b (forward), Lᵀ z = y (backward), x = Pᵀ z.
    for (let i = 0; i < n; i++) {
      let sum = b[i];
      for (let j = 0; j < i; j++) sum -= lu[j * n + i] * work[j];
      work[i] = sum / lu[i * n + i];
    }
    for (let i = n - 1; i >= 0; i--) {
      let sum = work[i];
      for (let j = i + 1; j < n; j++) sum -= lu[j * n + i] * work[j];
      work[i] = sum;
    }
    for (let i = 0; i < n; i++) out[permutation[i]] = work[i];
  }

  private assertReady(b: Float64Array, out: Float64Array): void {
    if (!this.factored) throw new Error('DenseLuSolver: call factor() with a non-singular matrix before solving');
    if (b.length !== this.n || out.length !== this.n) {
      throw new Error(`DenseLuSolver: right-hand side and output must have length ${this.n}`);
    }
  }
}
