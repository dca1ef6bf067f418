import {
  NeuronUnit,
  SigmoidActivation,
  SineActivation,
  SoftplusActivation,
  TanhActivation,
  type PointSet,
  type Unit,
} from '@mfpg/core';
import { describe, expect, it } from 'vitest';
import { CpuBackend } from './cpu-backend';
import { CpuKernelRegistry } from './kernel-registry';
import { genericDriftConfig, genericForwardConfig } from './kernels/generic';
import { neuronDriftConfig, neuronForwardConfig } from './kernels/neuron-general';
import { neuronLogisticDriftConfig, neuronLogisticForwardConfig } from './kernels/neuron-logistic-general';
import { neuronLogisticProductGridDriftConfig, neuronLogisticProductGridForwardConfig } from './kernels/neuron-logistic-product-grid';
import { neuronSineProductGridDriftConfig, neuronSineProductGridForwardConfig } from './kernels/neuron-sine-product-grid';
import {
  driftErrorRatio,
  forwardErrorRatio,
  naiveDrift,
  naiveForward,
  randomNeuronTheta,
  randomPoints,
  randomProductPoints,
  uniformStream,
} from './testing/kernel-reference';

/** φ(θ, x) = θ·(x, 1), a unit without fused kernels, to exercise the generic path through the backend. */
const linearUnit: Unit = {
  kind: 'linear',
  parameterDim: (p) => p + 1,
  value(theta, x) {
    let sum = theta[x.length];
    for (let k = 0; k < x.length; k++) sum += theta[k] * x[k];
    return sum;
  },
  addGradient(_theta, x, weight, out, offset) {
    for (let k = 0; k < x.length; k++) out[offset + k] += weight * x[k];
    out[offset + x.length] += weight;
  },
};

const next = uniformStream(31);
const n = 11;
const gridPoints = randomProductPoints(next, 5, 2, 6, 2);
const generalPoints = randomPoints(next, 30, 4);
const theta = randomNeuronTheta(next, n, 4, { c: 2, w: 3, b: 3 });
/** Both point sets have 30 points. */
const weights = Float64Array.from({ length: 30 }, () => 2 * next() - 1);

/** Runs forward and drift through the backend and directly through the given kernel configs. */
function expectSameAs(
  unit: Unit,
  points: PointSet,
  forward: typeof neuronForwardConfig,
  drift: typeof neuronDriftConfig,
): void {
  const kernels = new CpuBackend().compile(unit, n, 6);
  const setup = { unit, particleCount: n, parameterDim: 6 };
  const viaBackend = new Float64Array(points.count);
  const direct = new Float64Array(points.count);
  kernels.forward(theta, points, viaBackend);
  forward.compile(setup)(theta, points, direct);
  expect(viaBackend).toEqual(direct);
  const driftViaBackend = new Float64Array(n * 6);
  const driftDirect = new Float64Array(n * 6);
  kernels.drift(theta, points, weights, driftViaBackend);
  drift.compile(setup)(theta, points, weights, driftDirect);
  expect(driftViaBackend).toEqual(driftDirect);
}

describe('CpuBackend', () => {
  it('is named cpu and rejects invalid particle counts and dimensions', () => {
    const backend = new CpuBackend();
    expect(backend.name).toBe('cpu');
    const unit = new NeuronUnit(new TanhActivation(), 3);
    for (const [count, d] of [[0, 6], [2.5, 6], [3, 0], [3, NaN]]) {
      expect(() => backend.compile(unit, count, d)).toThrow(RangeError);
    }
  });

  it('runs the logistic product-grid kernels for tanh and sigmoid on product grids', () => {
    for (const activation of [new TanhActivation(), new SigmoidActivation()]) {
      const unit = new NeuronUnit(activation, 3);
      expectSameAs(unit, gridPoints, neuronLogisticProductGridForwardConfig, neuronLogisticProductGridDriftConfig);
    }
  });

  it('runs the sine product-grid kernels for sin on product grids', () => {
    const unit = new NeuronUnit(new SineActivation(), Infinity);
    expectSameAs(unit, gridPoints, neuronSineProductGridForwardConfig, neuronSineProductGridDriftConfig);
  });

  it('falls back to the general neuron kernels for softplus on grids and on points without product structure', () => {
    expectSameAs(new NeuronUnit(new SoftplusActivation(), 3), gridPoints, neuronForwardConfig, neuronDriftConfig);
    expectSameAs(new NeuronUnit(new SoftplusActivation(), 3), generalPoints, neuronForwardConfig, neuronDriftConfig);
  });

  it('runs the logistic-form SIMD kernels for tanh and sigmoid on points without product structure', () => {
    for (const activation of [new TanhActivation(), new SigmoidActivation()]) {
      expectSameAs(new NeuronUnit(activation, 3), generalPoints, neuronLogisticForwardConfig, neuronLogisticDriftConfig);
    }
  });

  it('runs a unit of another kind through the generic kernels', () => {
    const kernels = new CpuBackend().compile(linearUnit, n, 5);
    const linearTheta = theta.subarray(0, n * 5);
    const f = new Float64Array(generalPoints.count);
    kernels.forward(linearTheta, generalPoints, f);
    // Same terms summed in the same order; only s/N versus s·(1/N) differs: one rounding each of
    // values ≤ 15, so within 2·2^−53·15.
    const reference = naiveForward(linearUnit, linearTheta, n, generalPoints);
    for (let j = 0; j < f.length; j++) expect(Math.abs(f[j] - reference[j])).toBeLessThanOrEqual(2 * 2 ** -53 * 15);
    const g = new Float64Array(n * 5);
    kernels.drift(linearTheta, generalPoints, weights, g);
    const direct = new Float64Array(n * 5);
    const generic = genericDriftConfig.compile({ unit: linearUnit, particleCount: n, parameterDim: 5 });
    generic(linearTheta, generalPoints, weights, direct);
    expect(g).toEqual(direct);
    expect(g).toEqual(naiveDrift(linearUnit, linearTheta, n, generalPoints, weights));
  });

  it('uses the kernels of its own registry', () => {
    const registry = new CpuKernelRegistry().register(genericForwardConfig).register(genericDriftConfig);
    const unit = new NeuronUnit(new TanhActivation(), 3);
    const kernels = new CpuBackend(registry).compile(unit, n, 6);
    const f = new Float64Array(gridPoints.count);
    kernels.forward(theta, gridPoints, f);
    expect(forwardErrorRatio(unit, theta, n, gridPoints, f)).toBeLessThanOrEqual(1);
    const g = new Float64Array(n * 6);
    kernels.drift(theta, gridPoints, weights, g);
    expect(driftErrorRatio(unit, theta, n, gridPoints, weights, g)).toBeLessThanOrEqual(1);
  });

  it('rejects arguments of the wrong shape before running a kernel', () => {
    const unit = new NeuronUnit(new TanhActivation(), 3);
    const kernels = new CpuBackend().compile(unit, n, 6);
    const f = new Float64Array(gridPoints.count);
    const g = new Float64Array(n * 6);
    expect(() => kernels.forward(theta.subarray(6), gridPoints, f)).toThrow(/theta has length/);
    expect(() => kernels.forward(theta, randomPoints(next, 4, 3), f)).toThrow(/need d = 5/);
    expect(() => kernels.forward(theta, gridPoints, f.subarray(1))).toThrow(/out has length/);
    expect(() => kernels.drift(theta, gridPoints, weights.subarray(0, 3), g)).toThrow(/weights has length/);
    expect(() => kernels.drift(theta, gridPoints, weights, g.subarray(1))).toThrow(/out has length/);
    const inconsistent = { ...gridPoints, product: { ...gridPoints.product!, innerCount: 5 } };
    expect(() => kernels.forward(theta, inconsistent, f)).toThrow(/does not match/);
    const shortData = { ...generalPoints, data: generalPoints.data.subarray(4) };
    expect(() => kernels.forward(theta, shortData, f)).toThrow(/points.data has length/);
  });
});
