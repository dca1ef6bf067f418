// Float32 SIMD kernels of the neuron unit with tanh on general points (the `float32` precision of
// the cpu backend): forward f_j = Σ_i ℓ_i tanh(z_ij) and the drift's per-particle sums, four points
// per f32x4 lane group. Everything is float32, so the error model is the gpu backend's
// (backend-cpu src/testing/float32-tolerance.ts). Arrays are structure-of-arrays rows of float32 in the
// shared memory, padded to a multiple of 4 points; pointers are byte offsets.

/** Eigen's float tanh: x·P(x²)/Q(x²), degree 13/6, clamped at ±9 (core math/rational-tanh.ts). */
@inline function tanh4(x: v128): v128 {
  const c = f32x4.min(f32x4.max(x, f32x4.splat(-9.0)), f32x4.splat(9.0));
  const s = f32x4.mul(c, c);
  let num = f32x4.splat(-2.76076847742355e-16);
  num = f32x4.add(f32x4.mul(num, s), f32x4.splat(2.00018790482477e-13));
  num = f32x4.add(f32x4.mul(num, s), f32x4.splat(-8.60467152213735e-11));
  num = f32x4.add(f32x4.mul(num, s), f32x4.splat(5.12229709037114e-8));
  num = f32x4.add(f32x4.mul(num, s), f32x4.splat(1.48572235717979e-5));
  num = f32x4.add(f32x4.mul(num, s), f32x4.splat(6.37261928875436e-4));
  num = f32x4.add(f32x4.mul(num, s), f32x4.splat(4.89352455891786e-3));
  let den = f32x4.splat(1.19825839466702e-6);
  den = f32x4.add(f32x4.mul(den, s), f32x4.splat(1.18534705686654e-4));
  den = f32x4.add(f32x4.mul(den, s), f32x4.splat(2.268434632439e-3));
  den = f32x4.add(f32x4.mul(den, s), f32x4.splat(4.89352518554385e-3));
  return f32x4.div(f32x4.mul(c, num), den);
}

/** z = b_i + Σ_k w_ik x_k for the four points at byte offset `at` of each point row. */
@inline function preActivation4(theta: usize, thetaRow: usize, i: usize, p: i32, points: usize, pointRow: usize, at: usize): v128 {
  let z = v128.load32_splat(theta + <usize>p * thetaRow + (i << 2));
  for (let k = 0; k < p; k++) {
    const w = v128.load32_splat(theta + <usize>k * thetaRow + (i << 2));
    z = f32x4.add(z, f32x4.mul(w, v128.load(points + <usize>k * pointRow + at)));
  }
  return z;
}

/**
 * f_j = Σ_i ℓ_i tanh(z_ij) (no 1/N) for points j in [j0, j1) (multiples of 4), summed over i in
 * index order per point. theta: rows w_1 … w_p, b of `thetaStride` floats; ells: ℓ_i; points: rows
 * x_1 … x_p of `pointStride` floats. cache ≠ 0: also writes tanh(z_ij) at cache + 4·(i·pointStride + j).
 */
export function forward(
  n: i32, p: i32, ells: usize, theta: usize, thetaStride: i32,
  points: usize, pointStride: i32, j0: i32, j1: i32, out: usize, cache: usize,
): void {
  const thetaRow = <usize>thetaStride << 2;
  const pointRow = <usize>pointStride << 2;
  let j = j0;
  for (; j + 8 <= j1; j += 8) {
    const at = <usize>j << 2;
    let sum0 = f32x4.splat(0);
    let sum1 = f32x4.splat(0);
    for (let i: usize = 0; i < <usize>n; i++) {
      const ell = v128.load32_splat(ells + (i << 2));
      const t0 = tanh4(preActivation4(theta, thetaRow, i, p, points, pointRow, at));
      const t1 = tanh4(preActivation4(theta, thetaRow, i, p, points, pointRow, at + 16));
      sum0 = f32x4.add(sum0, f32x4.mul(ell, t0));
      sum1 = f32x4.add(sum1, f32x4.mul(ell, t1));
      if (cache != 0) {
        const row = cache + i * pointRow + at;
        v128.store(row, t0);
        v128.store(row, t1, 16);
      }
    }
    v128.store(out + at, sum0);
    v128.store(out + at, sum1, 16);
  }
  for (; j < j1; j += 4) {
    const at = <usize>j << 2;
    let sum = f32x4.splat(0);
    for (let i: usize = 0; i < <usize>n; i++) {
      const t = tanh4(preActivation4(theta, thetaRow, i, p, points, pointRow, at));
      sum = f32x4.add(sum, f32x4.mul(v128.load32_splat(ells + (i << 2)), t));
      if (cache != 0) v128.store(cache + i * pointRow + at, t);
    }
    v128.store(out + at, sum);
  }
}

@inline function laneSum(v: v128): f32 {
  return (f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1)) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

/**
 * The drift's sums for particles i in [i0, i1): out row i (p + 2 floats) = (Σ_j W_j t_ij,
 * Σ_j s_ij x_1j, …, Σ_j s_ij x_pj, Σ_j s_ij) with s_ij = W_j (1 − t_ij²), each sum over the points
 * in four interleaved lanes, added lane 0 + 1, 2 + 3. t_ij from the cache when cache ≠ 0, else
 * recomputed. slopes: pointStride floats of scratch for this share. Padded points carry W_j = 0.
 */
export function driftSums(
  i0: i32, i1: i32, p: i32, theta: usize, thetaStride: i32, points: usize, pointStride: i32,
  weights: usize, cache: usize, slopes: usize, out: usize,
): void {
  const thetaRow = <usize>thetaStride << 2;
  const pointRow = <usize>pointStride << 2;
  const one = f32x4.splat(1);
  for (let i = <usize>i0; i < <usize>i1; i++) {
    let valueSum = f32x4.splat(0);
    let slopeSum = f32x4.splat(0);
    for (let at: usize = 0; at < pointRow; at += 16) {
      const t = cache != 0 ? v128.load(cache + i * pointRow + at) : tanh4(preActivation4(theta, thetaRow, i, p, points, pointRow, at));
      const w = v128.load(weights + at);
      valueSum = f32x4.add(valueSum, f32x4.mul(w, t));
      const s = f32x4.mul(w, f32x4.sub(one, f32x4.mul(t, t)));
      slopeSum = f32x4.add(slopeSum, s);
      v128.store(slopes + at, s);
    }
    const row = out + i * ((<usize>p + 2) << 2);
    store<f32>(row, laneSum(valueSum));
    for (let k = 0; k < p; k++) {
      const x = points + <usize>k * pointRow;
      let sum = f32x4.splat(0);
      for (let at: usize = 0; at < pointRow; at += 16) sum = f32x4.add(sum, f32x4.mul(v128.load(slopes + at), v128.load(x + at)));
      store<f32>(row + ((<usize>k + 1) << 2), laneSum(sum));
    }
    store<f32>(row + ((<usize>p + 1) << 2), laneSum(slopeSum));
  }
}
