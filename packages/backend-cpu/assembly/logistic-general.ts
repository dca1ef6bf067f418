// Float64 SIMD kernels of neurons whose activation has a logistic form ϱ(z) = α + β/(1 + e^{κz})
// (backend-cpu src/kernels/logistic-form.ts; tanh and sigmoid declare one) on general feature points:
// the forward two points per f64x2 (one per lane), the drift two particles per f64x2. Each lane's sums
// run in the scalar kernels' order (forward: over the particles in index order; drift: over the points
// in index order), so a lane's result never depends on its partner or on how the range is split among
// threads. Pointers are byte offsets of float64 arrays in the imported memory.
//
// Error bound of one evaluation (u = 2^−53; derivation in docs/performance.md, "The float64 SIMD
// exponential"): e = e^{−|κz|} to ≤ 2.5u relative, ϱ to ≤ 6u·(1 + |ϱ|) absolute, ϱ' to ≤ 10u
// relative (plus u·|κz|-relative from forming κz when κ is not a power of two). Tested in
// src/kernels/neuron-logistic-general.test.ts against Math.exp, Math.tanh and the sigmoid.

import { LN2_HI, LN2_LO, LOG2E } from './exp-v8';

/** Inputs below −708 are clamped: e^{−708} ≈ 3.3e−308 is still normal, and every term it feeds is below 4e−308. */
const EXP_MIN: f64 = -708.0;

/**
 * e^y for y ≤ 0 (lanes ≥ EXP_MIN after clamping; NaN stays NaN): y = n·ln 2 + r with
 * n = nearest(y·log2 e), |r| ≤ ln2/2 + 2^−40 (Cody–Waite), e^r by its Taylor polynomial of degree 13
 * in Horner form (truncation ≤ 0.08u relative: 0.3466^14/14!·e^{0.3466}/e^{−0.3466}), times 2^n built
 * in the exponent bits (n ∈ [−1021, 0], so 2^n is a normal double and the product is exact).
 */
@inline export function expNonPositive(y: v128): v128 {
  const x = f64x2.max(y, f64x2.splat(EXP_MIN));
  const n = f64x2.nearest(f64x2.mul(x, f64x2.splat(LOG2E)));
  const r = f64x2.sub(f64x2.sub(x, f64x2.mul(n, f64x2.splat(LN2_HI))), f64x2.mul(n, f64x2.splat(LN2_LO)));
  let q = f64x2.splat(1.0 / 6227020800.0);
  q = f64x2.add(f64x2.mul(q, r), f64x2.splat(1.0 / 479001600.0));
  q = f64x2.add(f64x2.mul(q, r), f64x2.splat(1.0 / 39916800.0));
  q = f64x2.add(f64x2.mul(q, r), f64x2.splat(1.0 / 3628800.0));
  q = f64x2.add(f64x2.mul(q, r), f64x2.splat(1.0 / 362880.0));
  q = f64x2.add(f64x2.mul(q, r), f64x2.splat(1.0 / 40320.0));
  q = f64x2.add(f64x2.mul(q, r), f64x2.splat(1.0 / 5040.0));
  q = f64x2.add(f64x2.mul(q, r), f64x2.splat(1.0 / 720.0));
  q = f64x2.add(f64x2.mul(q, r), f64x2.splat(1.0 / 120.0));
  q = f64x2.add(f64x2.mul(q, r), f64x2.splat(1.0 / 24.0));
  q = f64x2.add(f64x2.mul(q, r), f64x2.splat(1.0 / 6.0));
  q = f64x2.add(f64x2.mul(q, r), f64x2.splat(0.5));
  q = f64x2.add(f64x2.mul(q, r), f64x2.splat(1.0));
  q = f64x2.add(f64x2.mul(q, r), f64x2.splat(1.0));
  const bits = i64x2.shl(i64x2.add(i64x2.extend_low_i32x4_s(i32x4.trunc_sat_f64x2_s_zero(n)), i64x2.splat(1023)), 52);
  return f64x2.mul(q, bits);
}

/** e^x lane by lane for x ≤ 0 (the tests' handle on expNonPositive). */
export function expNonPositivePair(x0: f64, x1: f64, out: usize): void {
  v128.store(out, expNonPositive(f64x2.replace_lane(f64x2.splat(x0), 1, x1)));
}

/**
 * ϱ(z) = α + β·r: with t = κz, e = e^{−|t|} ∈ (0, 1] and q = 1/(1 + e), r = 1/(1 + e^t) is e·q for
 * t > 0 and q otherwise, so neither e^t nor any product overflows. The drift's ϱ' = γ·e^t·r² is
 * γ·(e·q)·q for either sign of t.
 */
@inline function logisticPair(z: v128, alpha: v128, beta: v128, kappa: v128): v128 {
  const t = f64x2.mul(kappa, z);
  const e = expNonPositive(f64x2.neg(f64x2.abs(t)));
  const q = f64x2.div(f64x2.splat(1.0), f64x2.add(f64x2.splat(1.0), e));
  const eq = f64x2.mul(e, q);
  const r = v128.bitselect(eq, q, f64x2.gt(t, f64x2.splat(0)));
  return f64x2.add(alpha, f64x2.mul(beta, r));
}

/** ϱ and ϱ' of z lane by lane (the tests' handle on the activation evaluation). */
export function logisticValueSlopePair(
  z0: f64, z1: f64, alpha: f64, beta: f64, gamma: f64, kappa: f64, out: usize,
): void {
  const z = f64x2.replace_lane(f64x2.splat(z0), 1, z1);
  const t = f64x2.mul(f64x2.splat(kappa), z);
  const e = expNonPositive(f64x2.neg(f64x2.abs(t)));
  const q = f64x2.div(f64x2.splat(1.0), f64x2.add(f64x2.splat(1.0), e));
  const eq = f64x2.mul(e, q);
  const r = v128.bitselect(eq, q, f64x2.gt(t, f64x2.splat(0)));
  v128.store(out, f64x2.add(f64x2.splat(alpha), f64x2.mul(f64x2.splat(beta), r)));
  v128.store(out, f64x2.mul(f64x2.splat(gamma), f64x2.mul(eq, q)), 16);
}

/**
 * out[j] = Σ_i ℓ_i·ϱ(z_ij), z_ij = b_i + Σ_k w_ik x_jk summed from b in feature order, for j in
 * [j0, j1) (both even), the particles in index order. theta: N×d row-major (c, w_1 … w_p, b);
 * ells: ℓ_i; points: rows x_1 … x_p of `pointStride` doubles (even, padded).
 */
export function logisticForward(
  n: i32, d: i32, p: i32, ells: usize, theta: usize, points: usize, pointStride: i32,
  j0: i32, j1: i32, out: usize, alpha: f64, beta: f64, kappa: f64,
): void {
  const a = f64x2.splat(alpha);
  const b = f64x2.splat(beta);
  const k2 = f64x2.splat(kappa);
  const pointRow = <usize>pointStride << 3;
  const thetaRow = <usize>d << 3;
  const biasAt = <usize>(p + 1) << 3;
  let j = j0;
  for (; j + 4 <= j1; j += 4) {
    const at = points + (<usize>j << 3);
    let sum0 = f64x2.splat(0);
    let sum1 = f64x2.splat(0);
    let row = theta;
    for (let i = 0; i < n; i++, row += thetaRow) {
      let z0 = v128.load64_splat(row + biasAt);
      let z1 = z0;
      let x = at;
      for (let k: usize = 1; k <= <usize>p; k++, x += pointRow) {
        const w = v128.load64_splat(row + (k << 3));
        z0 = f64x2.add(z0, f64x2.mul(w, v128.load(x)));
        z1 = f64x2.add(z1, f64x2.mul(w, v128.load(x, 16)));
      }
      const ell = v128.load64_splat(ells + (<usize>i << 3));
      sum0 = f64x2.add(sum0, f64x2.mul(ell, logisticPair(z0, a, b, k2)));
      sum1 = f64x2.add(sum1, f64x2.mul(ell, logisticPair(z1, a, b, k2)));
    }
    v128.store(out + (<usize>j << 3), sum0);
    v128.store(out + (<usize>j << 3), sum1, 16);
  }
  for (; j < j1; j += 2) {
    const at = points + (<usize>j << 3);
    let sum = f64x2.splat(0);
    let row = theta;
    for (let i = 0; i < n; i++, row += thetaRow) {
      let z = v128.load64_splat(row + biasAt);
      let x = at;
      for (let k: usize = 1; k <= <usize>p; k++, x += pointRow) {
        z = f64x2.add(z, f64x2.mul(v128.load64_splat(row + (k << 3)), v128.load(x)));
      }
      sum = f64x2.add(sum, f64x2.mul(v128.load64_splat(ells + (<usize>i << 3)), logisticPair(z, a, b, k2)));
    }
    v128.store(out + (<usize>j << 3), sum);
  }
}

/**
 * W_j·ϱ(z) for the lanes of z; stores s = W_j·ϱ'(z) = W_j·(γ·(e·q)·q) at `slopeAt` (see logisticPair).
 */
@inline function weightedTerms(z: v128, w: v128, alpha: v128, beta: v128, gamma: v128, kappa: v128, slopeAt: usize): v128 {
  const one = f64x2.splat(1.0);
  const t = f64x2.mul(kappa, z);
  const e = expNonPositive(f64x2.neg(f64x2.abs(t)));
  const q = f64x2.div(one, f64x2.add(one, e));
  const eq = f64x2.mul(e, q);
  const r = v128.bitselect(eq, q, f64x2.gt(t, f64x2.splat(0)));
  v128.store(slopeAt, f64x2.mul(w, f64x2.mul(gamma, f64x2.mul(eq, q))));
  return f64x2.mul(w, f64x2.add(alpha, f64x2.mul(beta, r)));
}

/** Stores (w_Ak, w_Bk) for k = 1 … p, then (b_A, b_B), at `pair`. */
@inline function loadParticlePair(theta: usize, d: i32, p: i32, iA: i32, iB: i32, pair: usize): void {
  const rowA = theta + <usize>iA * (<usize>d << 3);
  const rowB = theta + <usize>iB * (<usize>d << 3);
  for (let k: usize = 1; k <= <usize>p + 1; k++) {
    v128.store(pair + ((k - 1) << 4), v128.load64_lane(rowB + (k << 3), v128.load64_splat(rowA + (k << 3)), 1));
  }
}

/**
 * The drift's sums for particles i in [i0, i1) < n: out row i (p + 2 doubles) =
 * (Σ_j W_j ϱ(z_ij), Σ_j s_ij x_1j, …, Σ_j s_ij x_pj, Σ_j s_ij) with s_ij = W_j ϱ'(z_ij), every sum
 * over the points in index order. Particles go two per f64x2 (an odd one out runs in both lanes),
 * two vectors at a time where four remain; a lane's operations are the same either way. weights:
 * `pointStride` doubles (padding 0); scratch: 4(p + 1) + 4·pointStride doubles of this share.
 */
export function logisticDriftSums(
  i0: i32, i1: i32, d: i32, p: i32, theta: usize, points: usize, pointStride: i32, weights: usize,
  scratch: usize, out: usize, alpha: f64, beta: f64, gamma: f64, kappa: f64,
): void {
  const a = f64x2.splat(alpha);
  const b = f64x2.splat(beta);
  const g = f64x2.splat(gamma);
  const k2 = f64x2.splat(kappa);
  const zero = f64x2.splat(0);
  const pointRow = <usize>pointStride << 3;
  const count = <usize>pointStride;
  const pairBytes = (<usize>p + 1) << 4;
  const pair0 = scratch;
  const pair1 = scratch + pairBytes;
  const slopes0 = scratch + 2 * pairBytes;
  const slopes1 = slopes0 + (count << 4);
  let i = i0;
  for (; i + 4 <= i1; i += 4) {
    loadParticlePair(theta, d, p, i, i + 1, pair0);
    loadParticlePair(theta, d, p, i + 2, i + 3, pair1);
    const bias0 = v128.load(pair0 + (<usize>p << 4));
    const bias1 = v128.load(pair1 + (<usize>p << 4));
    let valueSum0 = zero;
    let valueSum1 = zero;
    for (let j: usize = 0; j < count; j++) {
      let z0 = bias0;
      let z1 = bias1;
      let x = points + (j << 3);
      for (let k: usize = 0; k < <usize>p; k++, x += pointRow) {
        const xs = v128.load64_splat(x);
        z0 = f64x2.add(z0, f64x2.mul(v128.load(pair0 + (k << 4)), xs));
        z1 = f64x2.add(z1, f64x2.mul(v128.load(pair1 + (k << 4)), xs));
      }
      const w = v128.load64_splat(weights + (j << 3));
      valueSum0 = f64x2.add(valueSum0, weightedTerms(z0, w, a, b, g, k2, slopes0 + (j << 4)));
      valueSum1 = f64x2.add(valueSum1, weightedTerms(z1, w, a, b, g, k2, slopes1 + (j << 4)));
    }
    const out0 = out + <usize>i * ((<usize>p + 2) << 3);
    const outRow = (<usize>p + 2) << 3;
    store<f64>(out0, f64x2.extract_lane(valueSum0, 0));
    store<f64>(out0 + outRow, f64x2.extract_lane(valueSum0, 1));
    store<f64>(out0 + 2 * outRow, f64x2.extract_lane(valueSum1, 0));
    store<f64>(out0 + 3 * outRow, f64x2.extract_lane(valueSum1, 1));
    for (let k: usize = 0; k <= <usize>p; k++) {
      // k < p: Σ_j s_j x_kj; k = p: Σ_j s_j (the row of ones below, s·1 = s exactly).
      let sum0 = zero;
      let sum1 = zero;
      if (k < <usize>p) {
        const x = points + k * pointRow;
        for (let j: usize = 0; j < count; j++) {
          const xs = v128.load64_splat(x + (j << 3));
          sum0 = f64x2.add(sum0, f64x2.mul(v128.load(slopes0 + (j << 4)), xs));
          sum1 = f64x2.add(sum1, f64x2.mul(v128.load(slopes1 + (j << 4)), xs));
        }
      } else {
        for (let j: usize = 0; j < count; j++) {
          sum0 = f64x2.add(sum0, v128.load(slopes0 + (j << 4)));
          sum1 = f64x2.add(sum1, v128.load(slopes1 + (j << 4)));
        }
      }
      const at = (k + 1) << 3;
      store<f64>(out0 + at, f64x2.extract_lane(sum0, 0));
      store<f64>(out0 + outRow + at, f64x2.extract_lane(sum0, 1));
      store<f64>(out0 + 2 * outRow + at, f64x2.extract_lane(sum1, 0));
      store<f64>(out0 + 3 * outRow + at, f64x2.extract_lane(sum1, 1));
    }
  }
  for (; i < i1; i += 2) {
    const iB = i + 1 < i1 ? i + 1 : i;
    loadParticlePair(theta, d, p, i, iB, pair0);
    const bias = v128.load(pair0 + (<usize>p << 4));
    let valueSum = zero;
    for (let j: usize = 0; j < count; j++) {
      let z = bias;
      let x = points + (j << 3);
      for (let k: usize = 0; k < <usize>p; k++, x += pointRow) {
        z = f64x2.add(z, f64x2.mul(v128.load(pair0 + (k << 4)), v128.load64_splat(x)));
      }
      valueSum = f64x2.add(valueSum, weightedTerms(z, v128.load64_splat(weights + (j << 3)), a, b, g, k2, slopes0 + (j << 4)));
    }
    const outRow = (<usize>p + 2) << 3;
    const outA = out + <usize>i * outRow;
    const outB = out + <usize>iB * outRow;
    store<f64>(outA, f64x2.extract_lane(valueSum, 0));
    store<f64>(outB, f64x2.extract_lane(valueSum, 1));
    for (let k: usize = 0; k <= <usize>p; k++) {
      let sum = zero;
      if (k < <usize>p) {
        const x = points + k * pointRow;
        for (let j: usize = 0; j < count; j++) sum = f64x2.add(sum, f64x2.mul(v128.load(slopes0 + (j << 4)), v128.load64_splat(x + (j << 3))));
      } else {
        for (let j: usize = 0; j < count; j++) sum = f64x2.add(sum, v128.load(slopes0 + (j << 4)));
      }
      store<f64>(outA + ((k + 1) << 3), f64x2.extract_lane(sum, 0));
      store<f64>(outB + ((k + 1) << 3), f64x2.extract_lane(sum, 1));
    }
  }
}
