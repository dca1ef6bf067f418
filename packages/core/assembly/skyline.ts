// The skyline LU of math/skyline-lu-solver.ts: factorisation and triangular solves on the profile
// storage, which JS lays out in this module's memory (byte offsets below). Every dot product keeps
// the order of the former scalar loop — four running sums s0…s3 over k ≡ 0…3 (mod 4) from the first
// index, the remainder added to s0, then (s0 + s1) + (s2 + s3) — now as two f64x2 sums (s0, s1) and
// (s2, s3); WebAssembly rounds every mul and add separately, so the factors are bit-identical to it.

/** Σ_k a_k b_k over `count` doubles from byte offsets a and b, in the order described above. */
// @ts-ignore: decorator
@inline
function dot(a: usize, b: usize, count: i32): f64 {
  let low = f64x2.splat(0);
  let high = f64x2.splat(0);
  let k = 0;
  for (; k + 3 < count; k += 4) {
    const at = <usize>k << 3;
    low = f64x2.add(low, f64x2.mul(v128.load(a + at), v128.load(b + at)));
    high = f64x2.add(high, f64x2.mul(v128.load(a + at, 16), v128.load(b + at, 16)));
  }
  let s0 = f64x2.extract_lane(low, 0);
  for (; k < count; k++) {
    const at = <usize>k << 3;
    s0 += load<f64>(a + at) * load<f64>(b + at);
  }
  return s0 + f64x2.extract_lane(low, 1) + (f64x2.extract_lane(high, 0) + f64x2.extract_lane(high, 1));
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
 * column i of U). Int32 arrays rowFirst, columnFirst, lowerBase, upperBase as in SkylineLuSolver.
 * Returns −1, or the first step whose pivot is not finite or ≤ n·eps·max|a|; report[0] receives that
 * threshold and report[1] the last pivot.
 */
export function skylineFactor(entries: usize, size: i32, n: i32, rowFirst: usize, columnFirst: usize, lowerBase: usize, upperBase: usize, report: usize): i32 {
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
      store<f64>(target, (load<f64>(target) - dot(slot(entries, li + k), slot(entries, uj + k), j - k)) / load<f64>(slot(entries, uj + j)));
    }
    const top = int(columnFirst, i);
    const ui = int(upperBase, i);
    for (let j = top; j <= i; j++) {
      const lj = int(lowerBase, j);
      const k = max(int(rowFirst, j), top);
      const target = slot(entries, ui + j);
      store<f64>(target, load<f64>(target) - dot(slot(entries, lj + k), slot(entries, ui + k), j - k));
    }
    const pivot = load<f64>(slot(entries, ui + i));
    store<f64>(report, pivot, 8);
    if (!(abs(pivot) > threshold) || !isFinite(pivot)) return i;
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
