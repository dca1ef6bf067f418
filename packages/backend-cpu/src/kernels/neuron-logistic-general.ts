import { isNeuronUnit, outputWeight, outputWeightDerivative, type PointSet, type Unit } from '@mfpg/core';
import type { CpuKernelFamily } from '../kernel-registry';
import { LocalShareRunner } from '../threads/share-runner';
import { writeArguments, writeFormArguments } from './call-arguments';
import { familyConfigs } from './family-configs';
import { GENERAL_ARG, logisticGeneralDriftShare, logisticGeneralForwardShare } from './logistic-general-share';
import { logisticFormOf } from './logistic-form';
import { requireNeuronUnit } from './require-neuron-unit';
import { RunnerHandle } from './runner-handle';
/**
 * Byte offsets of the general-point logistic kernels' regions in a WebAssembly memory
 * (assembly/logistic-general.ts): [32 bytes unused | ℓ (N) | θ (N×d) | points as rows x_1 … x_p of
 * `pointStride` | weights (pointStride) | out (max(pointStride, N(p + 2))) | scratch per share].
 */
/** The layout's regions and sizes that go into a call's arguments under their own names. */
const LAYOUT_KEYS = ['ells', 'theta', 'points', 'pointStride', 'weights', 'out', 'scratch', 'scratchBytes'] as const;

export interface LogisticGeneralLayout {
  readonly ells: number;
  readonly theta: number;
  readonly points: number;
  /** M rounded up to even: the points' row length in doubles (padding: x = 0, W = 0). */
  readonly pointStride: number;
  readonly weights: number;
  readonly out: number;
  /** Share s's drift scratch starts at scratch + s·scratchBytes. */
  readonly scratch: number;
  readonly scratchBytes: number;
  /** Bytes in all. */
  readonly bytes: number;
}

/** The layout for N particles of dimension d = p + 2, M points, and `shares` threads. */
function logisticGeneralLayout(n: number, d: number, m: number, shares: number): LogisticGeneralLayout {
  const p = d - 2;
  const pointStride = m + (m & 1);
  const even = (doubles: number) => 8 * (doubles + (doubles & 1));
  const ells = 32;
  const theta = ells + even(n);
  const points = theta + even(n * d);
  const weights = points + 8 * p * pointStride;
  const out = weights + 8 * pointStride;
  const scratch = out + even(Math.max(pointStride, n * (p + 2)));
  const scratchBytes = 32 * (p + 1 + pointStride);
  return { ells, theta, points, pointStride, weights, out, scratch, scratchBytes, bytes: scratch + shares * scratchBytes };
}

/** logisticGeneralLayout remembered for the last point count, so a call allocates nothing. */
function layoutCache(n: number, d: number, shares: number): (m: number) => LogisticGeneralLayout {
  let layout = logisticGeneralLayout(n, d, 0, shares);
  let count = 0;
  return (m) => {
    if (m !== count) {
      layout = logisticGeneralLayout(n, d, m, shares);
      count = m;
    }
    return layout;
  };
}

/**
 * Writes ℓ(c_i) (float64, as NeuronUnit), θ and the points (as rows, zero-padded) into `f64`, the
 * memory's float64 view, at `layout`.
 */
function writeInputs(f64: Float64Array, layout: LogisticGeneralLayout, outputBound: number, n: number, d: number, theta: Float64Array, points: PointSet): void {
  const ells = layout.ells / 8;
  for (let i = 0; i < n; i++) f64[ells + i] = outputWeight(theta[i * d], outputBound);
  f64.set(theta.subarray(0, n * d), layout.theta / 8);
  const p = d - 2;
  const m = points.count;
  const x = points.data;
  const stride = layout.pointStride;
  for (let k = 0; k < p; k++) {
    const row = layout.points / 8 + k * stride;
    for (let j = 0, at = k; j < m; j++, at += p) f64[row + j] = x[at];
    for (let j = m; j < stride; j++) f64[row + j] = 0;
  }
}

/** Neurons whose activation declares a logistic form (checked: a wrong declaration throws PluginError). */
const servesUnit = (unit: Unit) => isNeuronUnit(unit) && logisticFormOf(unit.activation) !== undefined;

/**
 * f_ν and D F(ν, θ_i) on general points for neurons with a logistic form (tanh, sigmoid, or a user's
 * activation that declares one): the pair loops in float64 WebAssembly SIMD
 * (assembly/logistic-general.ts, logistic-general-share.ts) on the setup's share runner. Prepared
 * at (θ, points), ℓ(c_i), θ and the points are written into the runner's memory once for the forward
 * and the drift. Accuracy: ϱ within 6·2^−53·(1 + |ϱ|) of the exact value and ϱ' within 10·2^−53
 * relative (docs/performance.md), z summed as in NeuronUnit.value.
 */
export const neuronLogisticFamily: CpuKernelFamily = {
  name: 'NeuronLogistic',
  compile({ unit, particleCount: n, parameterDim: d, runner = new LocalShareRunner() }) {
    const neuron = requireNeuronUnit(unit, 'NeuronLogistic');
    const form = logisticFormOf(neuron.activation);
    if (form === undefined) throw new TypeError(`NeuronLogistic: activation '${neuron.activation.name}' declares no logistic form`);
    const outputBound = neuron.outputBound;
    const layoutFor = layoutCache(n, d, runner.shares);
    const args = runner.header.args;
    /** The call's arguments: where the inputs are, and the form. */
    const describe = (layout: LogisticGeneralLayout) => {
      args[GENERAL_ARG.n] = n;
      args[GENERAL_ARG.d] = d;
      writeArguments(args, GENERAL_ARG, layout, LAYOUT_KEYS);
      writeFormArguments(args, GENERAL_ARG, form);
    };
    const handle = new (class extends RunnerHandle {
      layout = layoutFor(0);

      protected aimed(): void {
        this.layout = layoutFor(this.points.count);
      }

      /** Writes the inputs unless the runner's memory holds them; returns its float64 view. */
      load(): Float64Array {
        const call = runner.reserve(this.layout.bytes);
        if (!this.loaded) {
          writeInputs(call.f64, this.layout, outputBound, n, d, this.theta, this.points);
          this.markLoaded();
        }
        describe(this.layout);
        return call.f64;
      }

      forward(out: Float64Array): void {
        const f64 = this.load();
        runner.run(logisticGeneralForwardShare, n * this.points.count);
        const at = this.layout.out / 8;
        const scale = 1 / n;
        for (let j = 0; j < this.points.count; j++) out[j] = f64[at + j] * scale;
      }

      drift(weights: Float64Array, out: Float64Array): void {
        const f64 = this.load();
        const m = this.points.count;
        const at = this.layout.weights / 8;
        f64.set(weights.subarray(0, m), at);
        for (let j = m; j < this.layout.pointStride; j++) f64[at + j] = 0;
        runner.run(logisticGeneralDriftShare, n * m);
        // ∂c = ℓ'(c)·Σ W ϱ, ∂w_k = ℓ(c)·Σ s x_k, ∂b = ℓ(c)·Σ s (NeuronUnit.addGradient).
        const sums = this.layout.out / 8;
        for (let i = 0; i < n; i++) {
          const base = i * d;
          const c = this.theta[base];
          const ell = outputWeight(c, outputBound);
          out[base] = outputWeightDerivative(c, outputBound) * f64[sums + base];
          for (let k = 1; k < d; k++) out[base + k] = ell * f64[sums + base + k];
        }
      }
    })(runner);
    return (theta, points) => handle.aim(theta, points);
  },
};

export const { forward: neuronLogisticForwardConfig, drift: neuronLogisticDriftConfig } = familyConfigs({
  family: neuronLogisticFamily,
  unitKind: 'neuron',
  layout: 'general',
  supports: servesUnit,
});
