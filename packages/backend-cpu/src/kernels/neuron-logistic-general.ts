import { isNeuronUnit, outputWeight, outputWeightDerivative, type LogisticForm, type PointSet, type Unit } from '@mfpg/core';
import type { CpuDriftKernelConfig, CpuForwardKernelConfig } from '../kernel-registry';
import type { SimdKernels } from '../wasm/simd-kernels';
import { wasmArena } from '../wasm/wasm-arena';
import { logisticFormOf } from './logistic-form';
import { requireNeuronUnit } from './require-neuron-unit';

/**
 * Byte offsets of the general-point logistic kernels' regions in a WebAssembly memory
 * (assembly/logistic-general.ts): [form α β γ κ | ℓ (N) | θ (N×d) | points as rows x_1 … x_p of
 * `pointStride` | weights (pointStride) | out (max(pointStride, N(p + 2))) | scratch per share].
 */
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
export function logisticGeneralLayout(n: number, d: number, m: number, shares: number): LogisticGeneralLayout {
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
export function layoutCache(n: number, d: number, shares: number): (m: number) => LogisticGeneralLayout {
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
 * Writes the form, ℓ(c_i) (float64, as NeuronUnit), θ and the points (as rows, zero-padded) into
 * `f64`, the memory's float64 view, at `layout`.
 */
export function writeLogisticGeneralInputs(
  f64: Float64Array,
  layout: LogisticGeneralLayout,
  form: LogisticForm,
  outputBound: number,
  n: number,
  d: number,
  theta: Float64Array,
  points: PointSet,
): void {
  f64[0] = form.alpha;
  f64[1] = form.beta;
  f64[2] = form.gamma;
  f64[3] = form.kappa;
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

/** Writes W_j (zero-padded). */
export function writeLogisticGeneralWeights(f64: Float64Array, layout: LogisticGeneralLayout, weights: Float64Array, m: number): void {
  const at = layout.weights / 8;
  f64.set(weights.subarray(0, m), at);
  for (let j = m; j < layout.pointStride; j++) f64[at + j] = 0;
}

/** out_j = (1/N)·Σ_i ℓ_i ϱ(z_ij) from the forward's sums. */
export function readLogisticGeneralForward(f64: Float64Array, layout: LogisticGeneralLayout, n: number, m: number, out: Float64Array): void {
  const at = layout.out / 8;
  const scale = 1 / n;
  for (let j = 0; j < m; j++) out[j] = f64[at + j] * scale;
}

/** ∂c = ℓ'(c)·Σ W ϱ, ∂w_k = ℓ(c)·Σ s x_k, ∂b = ℓ(c)·Σ s from the drift's sums (NeuronUnit.addGradient). */
export function readLogisticGeneralDrift(
  f64: Float64Array,
  layout: LogisticGeneralLayout,
  outputBound: number,
  n: number,
  d: number,
  theta: Float64Array,
  out: Float64Array,
): void {
  const sums = layout.out / 8;
  for (let i = 0; i < n; i++) {
    const base = i * d;
    const c = theta[base];
    const ell = outputWeight(c, outputBound);
    out[base] = outputWeightDerivative(c, outputBound) * f64[sums + base];
    for (let k = 1; k < d; k++) out[base + k] = ell * f64[sums + base + k];
  }
}

/** The forward's pair loop for points [j0, j1) (even), the form read from the memory's first doubles. */
export function runLogisticGeneralForward(
  simd: SimdKernels,
  f64: Float64Array,
  layout: LogisticGeneralLayout,
  n: number,
  d: number,
  j0: number,
  j1: number,
): void {
  simd.logisticForward(n, d, d - 2, layout.ells, layout.theta, layout.points, layout.pointStride, j0, j1, layout.out, f64[0], f64[1], f64[3]);
}

/** The drift's sums for particles [i0, i1) on share `share`'s scratch. */
export function runLogisticGeneralDrift(
  simd: SimdKernels,
  f64: Float64Array,
  layout: LogisticGeneralLayout,
  d: number,
  i0: number,
  i1: number,
  share: number,
): void {
  simd.logisticDriftSums(
    i0, i1, d, d - 2, layout.theta, layout.points, layout.pointStride, layout.weights,
    layout.scratch + share * layout.scratchBytes, layout.out, f64[0], f64[1], f64[2], f64[3],
  );
}

const forwardName = 'NeuronLogisticForward';
const driftName = 'NeuronLogisticDrift';

/** Neurons whose activation declares a logistic form (checked: a wrong declaration throws PluginError). */
const servesUnit = (unit: Unit) => isNeuronUnit(unit) && logisticFormOf(unit.activation) !== undefined;

function requireForm(unit: Unit, kernelName: string) {
  const neuron = requireNeuronUnit(unit, kernelName);
  const form = logisticFormOf(neuron.activation);
  if (form === undefined) throw new TypeError(`${kernelName}: activation '${neuron.activation.name}' declares no logistic form`);
  return { form, outputBound: neuron.outputBound };
}

/**
 * f_ν on general points for neurons with a logistic form (tanh, sigmoid, or a user's activation that
 * declares one): the pair loop in float64 WebAssembly SIMD (assembly/logistic-general.ts), two points
 * per instruction, each point's sum over the particles in index order. Accuracy: ϱ within
 * 6·2^−53·(1 + |ϱ|) of the exact value (docs/performance.md), z summed as in NeuronUnit.value.
 */
export const neuronLogisticForwardConfig: CpuForwardKernelConfig = {
  name: forwardName,
  unitKind: 'neuron',
  op: 'forward',
  layout: 'general',
  supports: servesUnit,
  compile({ unit, particleCount: n, parameterDim: d }) {
    const { form, outputBound } = requireForm(unit, forwardName);
    const arena = wasmArena();
    const layoutFor = layoutCache(n, d, 1);
    return (theta, points, out) => {
      const layout = layoutFor(points.count);
      const f64 = arena.reserve(layout.bytes / 8);
      writeLogisticGeneralInputs(f64, layout, form, outputBound, n, d, theta, points);
      runLogisticGeneralForward(arena.simd, f64, layout, n, d, 0, layout.pointStride);
      readLogisticGeneralForward(f64, layout, n, points.count, out);
    };
  },
};

/**
 * D F(ν, θ_i) on general points for neurons with a logistic form: the drift's sums in float64
 * WebAssembly SIMD, two particles per instruction, each particle's sums over the points in index
 * order; ϱ' within 10·2^−53 relative (docs/performance.md).
 */
export const neuronLogisticDriftConfig: CpuDriftKernelConfig = {
  name: driftName,
  unitKind: 'neuron',
  op: 'drift',
  layout: 'general',
  supports: servesUnit,
  compile({ unit, particleCount: n, parameterDim: d }) {
    const { form, outputBound } = requireForm(unit, driftName);
    const arena = wasmArena();
    const layoutFor = layoutCache(n, d, 1);
    return (theta, points, weights, out) => {
      const layout = layoutFor(points.count);
      const f64 = arena.reserve(layout.bytes / 8);
      writeLogisticGeneralInputs(f64, layout, form, outputBound, n, d, theta, points);
      writeLogisticGeneralWeights(f64, layout, weights, points.count);
      runLogisticGeneralDrift(arena.simd, f64, layout, d, 0, n, 0);
      readLogisticGeneralDrift(f64, layout, outputBound, n, d, theta, out);
    };
  },
};
