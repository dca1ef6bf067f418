import { outputWeight, outputWeightDerivative, type NeuronLikeUnit, type PointSet } from '@mfpg/core';
import type { CpuDriftKernel, CpuForwardKernel } from '../kernel-registry';
import { CONTROL, OP } from './worker-share';
import type { WorkerPool } from './worker-pool';

/** Largest N·M whose float32 tanh cache is kept (2^26 floats = 256 MiB). */
const CACHE_LIMIT = 2 ** 26;

/** Byte offsets must fit control's Int32 slots. */
const MAX_BYTES = 2 ** 31 - 1;

/** The largest finite float32. */
const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * `value` as a float32 input: finite doubles beyond float32's range saturate at ±FLOAT32_MAX
 * instead of rounding to ±∞, so w·0 stays 0 as in float64 rather than ∞·0 = NaN. ±∞ and NaN are
 * kept (a diverged θ is the engine's to report).
 */
const toFloat32Range = (value: number): number =>
  Number.isFinite(value) ? Math.min(FLOAT32_MAX, Math.max(-FLOAT32_MAX, value)) : value;

const roundUp4 = (count: number) => Math.ceil(count / 4) * 4;

/**
 * The `float32` precision of the cpu backend for neurons with tanh on general points: the
 * WebAssembly SIMD kernels of assembly/neuron-float32.ts on a worker pool. Inputs are rounded to
 * float32 and written as rows (structure of arrays, padded to four points; padded points carry
 * W = 0), every pair operation is float32 (error model: backend-cpu testing/float32-tolerance.ts),
 * and the drift reads tanh(z_ij) from the forward's cache when θ and the points are the ones of the
 * last forward of these kernels and nothing else used the pool since. ℓ(c), ℓ'(c), 1/N and the
 * gradient's final products are float64.
 */
export function compileFloat32Kernels(
  pool: WorkerPool,
  unit: NeuronLikeUnit,
  particleCount: number,
  parameterDim: number,
): { forward: CpuForwardKernel; drift: CpuDriftKernel } {
  const n = particleCount;
  const d = parameterDim;
  const p = d - 2;
  const bound = unit.outputBound;
  const control = pool.control;
  const owner = {};
  const lastTheta = new Float64Array(n * d);
  let lastPoints = new Float64Array(0);
  let cacheFilled = false;
  let floats = new Float32Array(pool.memory.buffer);

  /** Describes the op in control, sizes the memory and returns the float32 view of it. */
  const describe = (op: number, points: PointSet, cache: number): Float32Array => {
    const m = points.count;
    const nPad = roundUp4(n);
    const mPad = roundUp4(m);
    const ellsAt = 16;
    const thetaAt = ellsAt + 4 * nPad;
    const pointsAt = thetaAt + 4 * (p + 1) * nPad;
    const weightsAt = pointsAt + 4 * p * mPad;
    const outAt = weightsAt + 4 * mPad;
    const scratchAt = outAt + 4 * roundUp4(Math.max(mPad, n * (p + 2)));
    const cacheAt = scratchAt + 4 * pool.threads * mPad;
    const bytes = cacheAt + (cache === 0 ? 0 : 4 * n * mPad);
    if (bytes > MAX_BYTES) {
      throw new RangeError(`CpuBackend (float32): N = ${n}, M = ${m} needs ${bytes} bytes of kernel memory, more than 2 GiB`);
    }
    control[CONTROL.op] = op;
    control[CONTROL.particleCount] = n;
    control[CONTROL.parameterDim] = d;
    control[CONTROL.pointCount] = m;
    control[CONTROL.featureDim] = p;
    control[CONTROL.cache] = cache;
    control[CONTROL.thetaStride] = nPad;
    control[CONTROL.pointStride] = mPad;
    control[CONTROL.ellsAt] = ellsAt;
    control[CONTROL.thetaAt] = thetaAt;
    control[CONTROL.pointsAt] = pointsAt;
    control[CONTROL.weightsAt] = weightsAt;
    control[CONTROL.outAt] = outAt;
    control[CONTROL.scratchAt] = scratchAt;
    control[CONTROL.cacheAt] = cacheAt;
    control[CONTROL.bytes] = bytes;
    pool.reserve();
    if (floats.buffer.byteLength !== pool.memory.buffer.byteLength) floats = new Float32Array(pool.memory.buffer);
    return floats;
  };

  /** θ as rows w_1 … w_p, b and ℓ(c_i); the points as rows x_1 … x_p (padding 0). */
  const writeInputs = (f32: Float32Array, theta: Float64Array, points: PointSet): void => {
    const nPad = control[CONTROL.thetaStride];
    const mPad = control[CONTROL.pointStride];
    const ells = control[CONTROL.ellsAt] / 4;
    const rows = control[CONTROL.thetaAt] / 4;
    for (let i = 0; i < n; i++) {
      const base = i * d;
      f32[ells + i] = toFloat32Range(outputWeight(theta[base], bound));
      for (let k = 0; k <= p; k++) f32[rows + k * nPad + i] = toFloat32Range(theta[base + 1 + k]);
    }
    const columns = control[CONTROL.pointsAt] / 4;
    const m = points.count;
    const x = points.data;
    for (let k = 0; k < p; k++) {
      const row = columns + k * mPad;
      for (let j = 0; j < m; j++) f32[row + j] = toFloat32Range(x[j * p + k]);
      for (let j = m; j < mPad; j++) f32[row + j] = 0;
    }
  };

  const sameAsLast = (theta: Float64Array, points: PointSet): boolean => {
    if (!cacheFilled || pool.owner !== owner || lastPoints.length !== points.count * p) return false;
    for (let k = 0; k < lastTheta.length; k++) if (lastTheta[k] !== theta[k]) return false;
    const x = points.data;
    for (let k = 0; k < lastPoints.length; k++) if (lastPoints[k] !== x[k]) return false;
    return true;
  };

  return {
    forward(theta, points, out) {
      const caching = n * points.count <= CACHE_LIMIT;
      const f32 = describe(OP.float32Forward, points, caching ? 1 : 0);
      cacheFilled = false;
      writeInputs(f32, theta, points);
      pool.owner = owner;
      pool.run(n * points.count);
      const at = control[CONTROL.outAt] / 4;
      const scale = 1 / n;
      for (let j = 0; j < points.count; j++) out[j] = f32[at + j] * scale;
      cacheFilled = caching;
      if (caching) {
        lastTheta.set(theta.subarray(0, n * d));
        if (lastPoints.length !== points.count * p) lastPoints = new Float64Array(points.count * p);
        lastPoints.set(points.data.subarray(0, points.count * p));
      }
    },
    drift(theta, points, weights, out) {
      const reuse = sameAsLast(theta, points);
      const f32 = describe(OP.float32Drift, points, reuse ? 2 : 0);
      if (!reuse) {
        // Other θ or points replace the forward's: its cache no longer matches what memory holds.
        cacheFilled = false;
        writeInputs(f32, theta, points);
      }
      const m = points.count;
      const mPad = control[CONTROL.pointStride];
      const w = control[CONTROL.weightsAt] / 4;
      for (let j = 0; j < m; j++) f32[w + j] = toFloat32Range(weights[j]);
      for (let j = m; j < mPad; j++) f32[w + j] = 0;
      pool.owner = owner;
      pool.run(n * points.count);
      // Row i of the sums: (Σ W t, Σ s x_1, …, Σ s x_p, Σ s), s = W (1 − t²).
      const sums = control[CONTROL.outAt] / 4;
      for (let i = 0; i < n; i++) {
        const base = i * d;
        const row = sums + i * d;
        const c = theta[base];
        const ell = outputWeight(c, bound);
        out[base] = outputWeightDerivative(c, bound) * f32[row];
        for (let k = 1; k < d; k++) out[base + k] = ell * f32[row + k];
      }
    },
  };
}
