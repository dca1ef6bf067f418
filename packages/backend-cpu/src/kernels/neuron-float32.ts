import { isNeuronUnit, outputWeight, outputWeightDerivative, type LogisticForm, type Unit } from '@mfpg/core';
import type { CpuKernelFamily } from '../kernel-registry';
import { LocalShareRunner } from '../threads/share-runner';
import { familyConfigs } from './family-configs';
import { logisticFormOf } from './logistic-form';
import { FLOAT32_ARG, neuronFloat32DriftShare, neuronFloat32ForwardShare } from './neuron-float32-share';
import { requireNeuronUnit } from './require-neuron-unit';
import { RunnerHandle } from './runner-handle';

/** Largest N·M whose float32 tanh cache is kept (2^26 floats = 256 MiB). */
const CACHE_LIMIT = 2 ** 26;

/** Byte offsets must stay exact in the float64 arguments and fit the memory's 32-bit addresses. */
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

/** Whether a declared logistic form is tanh z = 1 − 2/(1 + e^{2z}), the form the float32 kernels evaluate. */
function isTanhForm(form: LogisticForm | undefined): boolean {
  return form !== undefined && form.alpha === 1 && form.beta === -2 && form.gamma === 4 && form.kappa === 2;
}

/**
 * The `float32` precision for neurons whose activation declares tanh's logistic form (checked
 * against its value and derivative), on general points: the WebAssembly SIMD kernels of
 * assembly/neuron-float32.ts (neuron-float32-share.ts) on the setup's share runner. Inputs are
 * rounded to float32 and written as rows (structure of arrays, padded to four points; padded
 * points carry W = 0), every pair operation is float32 (error model: testing/float32-tolerance.ts),
 * and a drift prepared with the forward reads tanh(z_ij) from the forward's cache, as NumPy keeps
 * its N×M tanh array. ℓ(c), ℓ'(c), 1/N and the gradient's final products are float64.
 */
export const neuronFloat32Family: CpuKernelFamily = {
  name: 'NeuronFloat32',
  compile({ unit, particleCount: n, parameterDim: d, runner = new LocalShareRunner() }) {
    const { outputBound: bound } = requireNeuronUnit(unit, 'NeuronFloat32');
    const p = d - 2;
    const args = runner.header.args;
    const a = FLOAT32_ARG;
    /** Describes the call for `m` points (cacheMode aside) and returns the bytes it needs. */
    const describe = (m: number): number => {
      const nPad = roundUp4(n);
      const mPad = roundUp4(m);
      const ells = 16;
      const theta = ells + 4 * nPad;
      const points = theta + 4 * (p + 1) * nPad;
      const weights = points + 4 * p * mPad;
      const out = weights + 4 * mPad;
      const scratch = out + 4 * roundUp4(Math.max(mPad, n * (p + 2)));
      const cache = scratch + 4 * runner.shares * mPad;
      const bytes = cache + (n * m <= CACHE_LIMIT ? 4 * n * mPad : 0);
      if (bytes > MAX_BYTES) {
        throw new RangeError(`CpuBackend (float32): N = ${n}, M = ${m} needs ${bytes} bytes of kernel memory, more than 2 GiB`);
      }
      args[a.n] = n;
      args[a.p] = p;
      args[a.ells] = ells;
      args[a.theta] = theta;
      args[a.thetaStride] = nPad;
      args[a.points] = points;
      args[a.pointStride] = mPad;
      args[a.weights] = weights;
      args[a.out] = out;
      args[a.scratch] = scratch;
      args[a.cache] = cache;
      return bytes;
    };
    const handle = new (class extends RunnerHandle {
      /** Whether the cache holds tanh(z_ij) of this preparation's forward. */
      cached = false;

      protected aimed(): void {
        this.cached = false;
      }

      /** θ as rows w_1 … w_p, b and ℓ(c_i); the points as rows x_1 … x_p (padding 0), unless already there. */
      load(): Float32Array {
        const f32 = runner.reserve(describe(this.points.count)).f32;
        if (this.loaded) return f32;
        this.cached = false;
        const nPad = args[a.thetaStride];
        const mPad = args[a.pointStride];
        const ells = args[a.ells] / 4;
        const rows = args[a.theta] / 4;
        for (let i = 0; i < n; i++) {
          const base = i * d;
          f32[ells + i] = toFloat32Range(outputWeight(this.theta[base], bound));
          for (let k = 0; k <= p; k++) f32[rows + k * nPad + i] = toFloat32Range(this.theta[base + 1 + k]);
        }
        const columns = args[a.points] / 4;
        const m = this.points.count;
        const x = this.points.data;
        for (let k = 0; k < p; k++) {
          const row = columns + k * mPad;
          for (let j = 0; j < m; j++) f32[row + j] = toFloat32Range(x[j * p + k]);
          for (let j = m; j < mPad; j++) f32[row + j] = 0;
        }
        this.markLoaded();
        return f32;
      }

      forward(out: Float64Array): void {
        const f32 = this.load();
        const m = this.points.count;
        const caching = n * m <= CACHE_LIMIT;
        args[a.cacheMode] = caching ? 1 : 0;
        runner.run(neuronFloat32ForwardShare, n * m);
        this.cached = caching;
        const at = args[a.out] / 4;
        const scale = 1 / n;
        for (let j = 0; j < m; j++) out[j] = f32[at + j] * scale;
      }

      drift(weights: Float64Array, out: Float64Array): void {
        const f32 = this.load();
        const m = this.points.count;
        const mPad = args[a.pointStride];
        const w = args[a.weights] / 4;
        for (let j = 0; j < m; j++) f32[w + j] = toFloat32Range(weights[j]);
        for (let j = m; j < mPad; j++) f32[w + j] = 0;
        args[a.cacheMode] = this.cached ? 2 : 0;
        runner.run(neuronFloat32DriftShare, n * m);
        // Row i of the sums: (Σ W t, Σ s x_1, …, Σ s x_p, Σ s), s = W (1 − t²).
        const sums = args[a.out] / 4;
        for (let i = 0; i < n; i++) {
          const base = i * d;
          const row = sums + i * d;
          const c = this.theta[base];
          const ell = outputWeight(c, bound);
          out[base] = outputWeightDerivative(c, bound) * f32[row];
          for (let k = 1; k < d; k++) out[base + k] = ell * f32[row + k];
        }
      }
    })(runner);
    return (theta, points) => handle.aim(theta, points);
  },
};

export const { forward: neuronFloat32ForwardConfig, drift: neuronFloat32DriftConfig } = familyConfigs({
  family: neuronFloat32Family,
  unitKind: 'neuron',
  layout: 'general',
  precision: 'float32',
  supports: (unit: Unit) => isNeuronUnit(unit) && isTanhForm(logisticFormOf(unit.activation)),
});
