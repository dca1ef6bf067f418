// The skyline LU of math/skyline-lu-solver.ts: factorisation and triangular solves on the profile
// storage, which JS lays out in this module's memory (byte offsets below).
//
// Each entry of L and U is a_ij minus one dot product of a row of L with a column of U, both
// contiguous. In a row of L (a column of U) every entry's dot product ends with the entry computed
// just before it, so the entries form a dependency chain; what bounds the speed on the short dot
// products of these grids (10–40 terms) is that chain's latency, not the multiply–adds. So the last
// term is subtracted after the rest of the sum (which can run ahead), and L divides by the pivot as a
// product with its reciprocal. The order is fixed: the factors are deterministic, not bit-identical
// to a plain running sum (both are backward stable: the matrices are diagonally dominant).

/** a_ij − Σ_{k<count} a_k b_k from byte offsets a and b: the first count − 1 terms in f64x2 pairs, then the last. */
// @ts-ignore: decorator
@inline
function reduced(value: f64, a: usize, b: usize, count: i32): f64 {
  if (count <= 0) return value;
  const head = count - 1;
  let low = f64x2.splat(0);
  let high = f64x2.splat(0);
  let k = 0;
  for (; k + 3 < head; k += 4) {
    const at = <usize>k << 3;
    low = f64x2.add(low, f64x2.mul(v128.load(a + at), v128.load(b + at)));
    high = f64x2.add(high, f64x2.mul(v128.load(a + at, 16), v128.load(b + at, 16)));
  }
  let s0 = f64x2.extract_lane(low, 0);
  for (; k < head; k++) {
    const at = <usize>k << 3;
    s0 += load<f64>(a + at) * load<f64>(b + at);
  }
  const last = <usize>head << 3;
  return value - (s0 + f64x2.extract_lane(low, 1) + (f64x2.extract_lane(high, 0) + f64x2.extract_lane(high, 1))) - load<f64>(a + last) * load<f64>(b + last);
}

// @ts-ignore: decorator
@inline
function int(array: usize, index: i32): i32 {
  return load<i32>(array + (<usize>index << 2));
}

// @ts-ignore: decorator
@inline
function slot(entries: usize, index: i32): usize {
  return entries + (<usize>index << 3);
}

/**
 * Factors the n×n matrix held in `size` entries in place (left-looking Doolittle: row i of L, then
 * column i of U). Int32 arrays rowFirst, columnFirst, lowerBase, upperBase as in SkylineLuSolver;
 * `reciprocal` receives 1/u_ii (n doubles). Returns −1, or the first step whose pivot is not finite
 * or ≤ n·eps·max|a|; report[0] receives that threshold and report[1] the last pivot.
 */
export function skylineFactor(entries: usize, size: i32, n: i32, rowFirst: usize, columnFirst: usize, lowerBase: usize, upperBase: usize, report: usize, reciprocal: usize): i32 {
  let scale: f64 = 0;
  for (let s = 0; s < size; s++) scale = max(scale, abs(load<f64>(slot(entries, s))));
  const threshold = <f64>n * f64.EPSILON * scale;
  store<f64>(report, threshold);
  for (let i = 0; i < n; i++) {
    const lo = int(rowFirst, i);
    const li = int(lowerBase, i);
    for (let j = lo; j < i; j++) {
      const uj = int(upperBase, j);
      const k = max(lo, int(columnFirst, j));
      const target = slot(entries, li + j);
      store<f64>(target, reduced(load<f64>(target), slot(entries, li + k), slot(entries, uj + k), j - k) * load<f64>(slot(reciprocal, j)));
    }
    const top = int(columnFirst, i);
    const ui = int(upperBase, i);
    for (let j = top; j <= i; j++) {
      const lj = int(lowerBase, j);
      const k = max(int(rowFirst, j), top);
      const target = slot(entries, ui + j);
      store<f64>(target, reduced(load<f64>(target), slot(entries, lj + k), slot(entries, ui + k), j - k));
    }
    const pivot = load<f64>(slot(entries, ui + i));
    store<f64>(report, pivot, 8);
    if (!(abs(pivot) > threshold) || !isFinite(pivot)) return i;
    store<f64>(slot(reciprocal, i), 1 / pivot);
  }
  return -1;
}

/** work ← U⁻¹ L⁻¹ work (L unit lower by rows, U by columns): A x = b in the permuted order. */
export function skylineSolve(entries: usize, n: i32, rowFirst: usize, columnFirst: usize, lowerBase: usize, upperBase: usize, work: usize): void {
  for (let i = 0; i < n; i++) {
    const li = int(lowerBase, i);
    let sum = load<f64>(slot(work, i));
    for (let k = int(rowFirst, i); k < i; k++) sum -= load<f64>(slot(entries, li + k)) * load<f64>(slot(work, k));
    store<f64>(slot(work, i), sum);
  }
  for (let j = n - 1; j >= 0; j--) {
    const uj = int(upperBase, j);
    const x = load<f64>(slot(work, j)) / load<f64>(slot(entries, uj + j));
    store<f64>(slot(work, j), x);
    for (let k = int(columnFirst, j); k < j; k++) store<f64>(slot(work, k), load<f64>(slot(work, k)) - load<f64>(slot(entries, uj + k)) * x);
  }
}

/** work ← L⁻ᵀ U⁻ᵀ work: Aᵀ x = b in the permuted order. */
export function skylineSolveTransposed(entries: usize, n: i32, rowFirst: usize, columnFirst: usize, lowerBase: usize, upperBase: usize, work: usize): void {
  for (let i = 0; i < n; i++) {
    const ui = int(upperBase, i);
    let sum = load<f64>(slot(work, i));
    for (let k = int(columnFirst, i); k < i; k++) sum -= load<f64>(slot(entries, ui + k)) * load<f64>(slot(work, k));
    store<f64>(slot(work, i), sum / load<f64>(slot(entries, ui + i)));
  }
  for (let j = n - 1; j >= 0; j--) {
    const lj = int(lowerBase, j);
    const x = load<f64>(slot(work, j));
    for (let k = int(rowFirst, j); k < j; k++) store<f64>(slot(work, k), load<f64>(slot(work, k)) - load<f64>(slot(entries, lj + k)) * x);
  }
}
