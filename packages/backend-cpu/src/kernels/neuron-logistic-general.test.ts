import {
  NeuronUnit,
  PluginError,
  SigmoidActivation,
  TanhActivation,
  type Activation,
  type LogisticForm,
} from '@mfpg/core';
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu-backend';
import { CpuKernelRegistry } from '../kernel-registry';
import { registerAllKernels } from '../register-all-kernels';
import {
  driftErrorRatio, EPS, forwardErrorRatio, randomNeuronTheta, randomPoints, randomProductPoints, uniformStream,
} from '../testing/kernel-reference';
import { LocalShareRunner } from '../threads/share-runner';

/** Test points: dense on a log scale from 1e−300 to 800 (both signs), plus 0, −0, ±∞. */
function sweep(): number[] {
  const points = [0, -0, Infinity, -Infinity];
  for (let exponent = -300; exponent <= 2.9; exponent += 0.0011) {
    const z = 10 ** exponent;
    points.push(z, -z);
  }
  return points;
}

/** The WebAssembly kernels over a memory of their own, as a share kernel sees them. */
const runner = new LocalShareRunner();

/** ϱ(z) and ϱ'(z) from the WebAssembly evaluation the kernels inline. */
function simdValueSlope(form: LogisticForm, z: number): [number, number] {
  const { f64, simd } = runner.reserve(32);
  simd.logisticValueSlopePair(z, z, form.alpha, form.beta, form.gamma, form.kappa, 0);
  return [f64[0], f64[2]];
}

describe('the float64 SIMD exponential (assembly/logistic-general.ts)', () => {
  it('is within 4.5·2^−53 relative of Math.exp on [−708, 0]', () => {
    // Derived bound of the SIMD exponential: 2.5·2^−53 (Horner 2.0, reduced argument 0.35, Taylor
    // truncation 0.08); Math.exp itself is within one ulp, ≤ 2·2^−53 relative.
    const { f64, simd } = runner.reserve(16);
    let worst = 0;
    for (let x = -708; x <= 0; x += 0.000731) {
      simd.expNonPositivePair(x, x / 7, 0);
      worst = Math.max(worst, Math.abs(f64[0] - Math.exp(x)) / Math.exp(x), Math.abs(f64[1] - Math.exp(x / 7)) / Math.exp(x / 7));
    }
    expect(worst).toBeLessThanOrEqual(4.5 * EPS);
    simd.expNonPositivePair(NaN, -Infinity, 0);
    expect(Number.isNaN(f64[0])).toBe(true);
    // Clamped at −708: e^{−708} ≈ 3.3e−308 instead of 0, below every tolerance it feeds.
    expect(f64[1]).toBeLessThan(4e-308);
  });
});

describe.each([
  ['tanh', new TanhActivation()],
  ['sigmoid', new SigmoidActivation()],
] as const)('the SIMD logistic evaluation of %s', (_, activation) => {
  const form = activation.logisticForm;
  it('is within 8·2^−53·(1 + |ϱ|) of the activation value and 16·2^−53 relative of its derivative', () => {
    // Derived: the SIMD ϱ is within 6·2^−53·(1 + |ϱ|) of the exact value and ϱ' within 10·2^−53
    // relative (docs/performance.md); Math.tanh / SigmoidActivation.value add ≤ 2·2^−53·|ϱ|, and
    // the reference derivatives (4e/(1 + e)², e/(1 + e)² with Math.exp) ≤ 6·2^−53 relative.
    let worstValue = 0;
    let worstSlope = 0;
    for (const z of sweep()) {
      const [value, slope] = simdValueSlope(form, z);
      const exactValue = activation.value(z);
      const exactSlope = activation.derivative(z);
      worstValue = Math.max(worstValue, Math.abs(value - exactValue) / (1 + Math.abs(exactValue)));
      if (Math.abs(form.kappa * z) <= 700) worstSlope = Math.max(worstSlope, Math.abs(slope - exactSlope) / exactSlope);
      // Further out both lie in [0, γ·e^{−700}] (the SIMD exponential is clamped at e^{−708}, the
      // reference underflows through subnormals to 0).
      else expect(Math.abs(slope - exactSlope)).toBeLessThanOrEqual(form.gamma * Math.exp(-700));
    }
    expect(worstValue).toBeLessThanOrEqual(8 * EPS);
    expect(worstSlope).toBeLessThanOrEqual(16 * EPS);
  });

  it('propagates NaN', () => {
    const [value, slope] = simdValueSlope(form, NaN);
    expect(Number.isNaN(value) && Number.isNaN(slope)).toBe(true);
  });
});

/** ϱ(z) = tanh(z/2) = 1 − 2/(1 + e^{z}), a user's activation that declares its logistic form. */
class HalfTanh implements Activation {
  readonly name = 'half-tanh';
  constructor(readonly logisticForm: LogisticForm = { alpha: 1, beta: -2, gamma: 2, kappa: 1 }) {}
  value(z: number): number {
    return Math.tanh(z / 2);
  }
  derivative(z: number): number {
    const e = Math.exp(-Math.abs(z));
    return (2 * e) / ((1 + e) * (1 + e));
  }
  secondDerivative(z: number): number {
    return -Math.tanh(z / 2) * this.derivative(z);
  }
}

describe('a user activation with a declared logistic form', () => {
  it('gets the SIMD kernels and matches the naive loops within the round-off bounds', () => {
    const unit = new NeuronUnit(new HalfTanh(), 3);
    const registry = registerAllKernels(new CpuKernelRegistry());
    expect(registry.resolve('forward', 'general', unit)?.name).toBe('NeuronLogisticForward');
    expect(registry.resolve('drift', 'general', unit)?.name).toBe('NeuronLogisticDrift');
    expect(registry.resolve('drift', 'product-grid', unit)?.name).toBe('NeuronLogisticProductGridDrift');
    const next = uniformStream(17);
    const n = 23;
    const theta = randomNeuronTheta(next, n, 3, { c: 2, w: 4, b: 4 });
    // General points and a product grid: the SIMD share kernels, in-process and split over the
    // threads (whose pair-by-pair path evaluates the declared form).
    for (const points of [randomPoints(next, 41, 3), randomProductPoints(next, 6, 1, 7, 2)]) {
      const weights = Float64Array.from({ length: points.count }, () => 2 * next() - 1);
      for (const threads of [1, 2]) {
        const kernels = new CpuBackend(undefined, { threads, precision: 'float64', minParallelPairs: 1 }).compile(unit, n, 5);
        const f = new Float64Array(points.count);
        kernels.forward(theta, points, f);
        const g = new Float64Array(n * 5);
        kernels.drift(theta, points, weights, g);
        expect(forwardErrorRatio(unit, theta, n, points, f)).toBeLessThanOrEqual(1);
        expect(driftErrorRatio(unit, theta, n, points, weights, g)).toBeLessThanOrEqual(1);
      }
    }
  });

  it.each([
    ['a wrong κ', { alpha: 1, beta: -2, gamma: 4, kappa: 2 }],
    ['a wrong α', { alpha: 0, beta: -2, gamma: 2, kappa: 1 }],
    ['γ ≠ −β·κ', { alpha: 1, beta: -2, gamma: 3, kappa: 1 }],
    ['κ = 0', { alpha: 1, beta: -2, gamma: 0, kappa: 0 }],
  ])('is rejected at compile time, naming the activation, when it declares %s', (_, form) => {
    const unit = new NeuronUnit(new HalfTanh(form), 3);
    const compile = () => new CpuBackend().compile(unit, 4, 5);
    expect(compile).toThrow(PluginError);
    expect(compile).toThrow(/activation 'half-tanh'.*declared logistic form/);
  });
});

describe('the general logistic kernels', () => {
  it('propagate NaN from one particle to f and to its drift only, for any thread count', () => {
    const unit = new NeuronUnit(new TanhActivation(), 3);
    const next = uniformStream(5);
    const n = 3;
    const theta = randomNeuronTheta(next, n, 4, { c: 2, w: 2, b: 2 });
    theta[6 + 2] = NaN;
    const points = randomPoints(next, 9, 4);
    const weights = Float64Array.from({ length: points.count }, () => 2 * next() - 1);
    for (const threads of [1, 2]) {
      const kernels = new CpuBackend(undefined, { threads, precision: 'float64', minParallelPairs: 1 }).compile(unit, n, 6);
      const f = new Float64Array(points.count);
      kernels.forward(theta, points, f);
      expect(f.every(Number.isNaN)).toBe(true);
      const g = new Float64Array(n * 6);
      kernels.drift(theta, points, weights, g);
      expect(g.subarray(0, 6).some(Number.isNaN)).toBe(false);
      expect(g.subarray(6, 12).some(Number.isNaN)).toBe(true);
      expect(g.subarray(12, 18).some(Number.isNaN)).toBe(false);
    }
  });
});
