/**
 * Dense linear algebra on small matrices (number[][], row-major lists of rows) for closed forms
 * such as the linear–quadratic Riccati equation (docs/math.md §7 B4). Not for hot loops: every
 * operation allocates its result.
 */
export type Matrix = number[][];

export function identity(n: number): Matrix {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
}

export function zeros(rows: number, columns: number): Matrix {
  return Array.from({ length: rows }, () => new Array<number>(columns).fill(0));
}

export function transpose(a: Matrix): Matrix {
  const columns = a[0]?.length ?? 0;
  return Array.from({ length: columns }, (_, j) => a.map((row) => row[j]));
}

export function multiply(a: Matrix, b: Matrix): Matrix {
  const inner = b.length;
  const columns = b[0]?.length ?? 0;
  return a.map((row) => {
    if (row.length !== inner) throw new Error(`multiply: inner dimensions ${row.length} and ${inner} differ`);
    const out = new Array<number>(columns).fill(0);
    for (let k = 0; k < inner; k++) for (let j = 0; j < columns; j++) out[j] += row[k] * b[k][j];
    return out;
  });
}

/** αa + βb. */
export function combine(alpha: number, a: Matrix, beta: number, b: Matrix): Matrix {
  return a.map((row, i) => row.map((value, j) => alpha * value + beta * b[i][j]));
}

export function trace(a: Matrix): number {
  return a.reduce((sum, row, i) => sum + row[i], 0);
}

/** Largest |a_ij|. */
export function maxAbs(a: Matrix): number {
  return a.reduce((max, row) => row.reduce((m, value) => Math.max(m, Math.abs(value)), max), 0);
}

/** (a + aᵀ)/2: removes the round-off asymmetry of products such as MᵀPM. */
export function symmetrize(a: Matrix): Matrix {
  return a.map((row, i) => row.map((value, j) => 0.5 * (value + a[j][i])));
}

export function isSymmetric(a: Matrix, relativeTolerance = 1e-12): boolean {
  const scale = Math.max(maxAbs(a), Number.MIN_VALUE);
  return a.every((row, i) => row.every((value, j) => Math.abs(value - a[j][i]) <= relativeTolerance * scale));
}

/**
 * Cholesky factor L (lower, a = LLᵀ) of a symmetric positive definite matrix, or undefined when a
 * pivot is ≤ 0 (a is not positive definite to working precision).
 */
export function cholesky(a: Matrix): Matrix | undefined {
  const n = a.length;
  const l = zeros(n, n);
  for (let j = 0; j < n; j++) {
    let pivot = a[j][j];
    for (let k = 0; k < j; k++) pivot -= l[j][k] * l[j][k];
    if (!(pivot > 0)) return undefined;
    l[j][j] = Math.sqrt(pivot);
    for (let i = j + 1; i < n; i++) {
      let value = a[i][j];
      for (let k = 0; k < j; k++) value -= l[i][k] * l[j][k];
      l[i][j] = value / l[j][j];
    }
  }
  return l;
}

/** Whether a symmetric matrix is positive semi-definite: a + ε·scale·I is positive definite. */
export function isPositiveSemidefinite(a: Matrix): boolean {
  const n = a.length;
  const shift = 64 * n * Number.EPSILON * Math.max(maxAbs(a), Number.MIN_VALUE);
  return cholesky(a.map((row, i) => row.map((value, j) => (i === j ? value + shift : value)))) !== undefined;
}

/** The inverse of a symmetric positive definite matrix, via its Cholesky factor; throws otherwise. */
export function inverseSpd(a: Matrix): Matrix {
  const l = cholesky(a);
  if (l === undefined) throw new Error('inverseSpd: the matrix is not positive definite');
  const n = a.length;
  // Columns of L^{-1} by forward substitution, then a^{-1} = L^{-T} L^{-1}.
  const lInverse = zeros(n, n);
  for (let c = 0; c < n; c++) {
    for (let i = c; i < n; i++) {
      let value = i === c ? 1 : 0;
      for (let k = c; k < i; k++) value -= l[i][k] * lInverse[k][c];
      lInverse[i][c] = value / l[i][i];
    }
  }
  return symmetrize(multiply(transpose(lInverse), lInverse));
}

/** log det of a symmetric positive definite matrix (2 Σ log L_jj); throws otherwise. */
export function logDetSpd(a: Matrix): number {
  const l = cholesky(a);
  if (l === undefined) throw new Error('logDetSpd: the matrix is not positive definite');
  return 2 * l.reduce((sum, row, j) => sum + Math.log(row[j]), 0);
}
