import {
  NeuronUnit,
  SigmoidActivation,
  SineActivation,
  SoftplusActivation,
  TanhActivation,
  type Activation,
  type PointSet,
} from '@mfpg/core';
import { describe, expect, it } from 'vitest';
import type { CpuDriftKernelConfig, CpuForwardKernelConfig } from './kernel-registry';
import { genericDriftConfig, genericForwardConfig } from './kernels/generic';
import { neuronDriftConfig, neuronForwardConfig } from './kernels/neuron-general';
import { neuronLogisticDriftConfig, neuronLogisticForwardConfig } from './kernels/neuron-logistic-general';
import { neuronLogisticProductGridDriftConfig, neuronLogisticProductGridForwardConfig } from './kernels/neuron-logistic-product-grid';
import { neuronSineProductGridDriftConfig, neuronSineProductGridForwardConfig } from './kernels/neuron-sine-product-grid';
import {
  driftErrorRatio,
  forwardErrorRatio,
  randomNeuronTheta,
  randomPoints,
  randomProductPoints,
  uniformStream,
  type ThetaScales,
} from './testing/kernel-reference';

interface KernelPair {
  readonly forward: CpuForwardKernelConfig;
  readonly drift: CpuDriftKernelConfig;
  readonly activations: readonly Activation[];
  /** Whether the kernels read only `points.product` (then only product point sets are tested). */
  readonly productOnly: boolean;
}

const tanh = new TanhActivation();
const sigmoid = new SigmoidActivation();
const softplus = new SoftplusActivation();
const sine = new SineActivation();
const every = [tanh, sigmoid, softplus, sine];

const kernelPairs: readonly KernelPair[] = [
  { forward: genericForwardConfig, drift: genericDriftConfig, activations: every, productOnly: false },
  { forward: neuronForwardConfig, drift: neuronDriftConfig, activations: every, productOnly: false },
  { forward: neuronLogisticForwardConfig, drift: neuronLogisticDriftConfig, activations: [tanh, sigmoid], productOnly: false },
  {
    forward: neuronLogisticProductGridForwardConfig,
    drift: neuronLogisticProductGridDriftConfig,
    activations: [tanh, sigmoid],
    productOnly: true,
  },
  {
    forward: neuronSineProductGridForwardConfig,
    drift: neuronSineProductGridDriftConfig,
    activations: [sine],
    productOnly: true,
  },
];

/**
 * θ regimes: moderate; |w|, |b| ~ 50 (|z| up to ~250, far past tanh's saturation and e^{2z}'s
 * overflow); |b| ~ 300 (the logistic kernels must shift the split exponents or go pair by pair);
 * |b| ~ 1000 (mostly pair by pair). c ~ 5 with L = 3 saturates the output weight.
 */
const regimes: Record<string, ThetaScales> = {
  moderate: { c: 2, w: 2, b: 2 },
  large: { c: 5, w: 50, b: 50 },
  shifted: { c: 5, w: 50, b: 300 },
  extreme: { c: 5, w: 50, b: 1000 },
};

interface Shape {
  readonly label: string;
  readonly particles: number;
  points(next: () => number): PointSet;
}

const productShapes: readonly Shape[] = [
  { label: 'N=37, 8×9 grid, p=2+2', particles: 37, points: (next) => randomProductPoints(next, 8, 2, 9, 2) },
  { label: 'N=5, 7×3 grid, p=1+2', particles: 5, points: (next) => randomProductPoints(next, 7, 1, 3, 2) },
  { label: 'N=1, 1×5 grid, p=1+1', particles: 1, points: (next) => randomProductPoints(next, 1, 1, 5, 1) },
  { label: 'N=13, 6×4 grid, p=3+1', particles: 13, points: (next) => randomProductPoints(next, 6, 3, 4, 1) },
];

const generalShapes: readonly Shape[] = [
  { label: 'N=37, M=50, p=4', particles: 37, points: (next) => randomPoints(next, 50, 4) },
  { label: 'N=3, M=20, p=1', particles: 3, points: (next) => randomPoints(next, 20, 1) },
];

describe.each(kernelPairs)('$forward.name / $drift.name', ({ forward, drift, activations, productOnly }) => {
  const shapes = productOnly ? productShapes : [...productShapes, ...generalShapes];
  describe.each(activations)('$name', (activation) => {
    describe.each([3, Infinity])('L = %s', (bound) => {
      const unit = new NeuronUnit(activation, bound);
      describe.each(Object.entries(regimes))('%s θ', (regime, scales) => {
        it.each(shapes)('matches the naive double loop: $label', (shape) => {
          const next = uniformStream(1 + shape.particles + 1000 * Object.keys(regimes).indexOf(regime));
          const points = shape.points(next);
          const n = shape.particles;
          const d = points.dim + 2;
          const theta = randomNeuronTheta(next, n, points.dim, scales);
          const weights = Float64Array.from({ length: points.count }, () => 2 * next() - 1);
          const setup = { unit, particleCount: n, parameterDim: d };

          // Sentinels: forward writes exactly `count` entries and drift overwrites all N·d.
          const f = new Float64Array(points.count + 2).fill(7);
          forward.compile(setup)(theta, points, f);
          expect(f.subarray(points.count)).toEqual(new Float64Array([7, 7]));
          const g = new Float64Array(n * d).fill(7);
          drift.compile(setup)(theta, points, weights, g);

          expect(forwardErrorRatio(unit, theta, n, points, f)).toBeLessThanOrEqual(1);
          expect(driftErrorRatio(unit, theta, n, points, weights, g)).toBeLessThanOrEqual(1);
        });
      });
    });
  });
});

describe('product-grid kernels across calls', () => {
  it('grow their scratch for larger grids and stay correct for smaller ones', () => {
    const unit = new NeuronUnit(tanh, 3);
    const next = uniformStream(99);
    const n = 4;
    const theta = randomNeuronTheta(next, n, 4, regimes.large);
    const setup = { unit, particleCount: n, parameterDim: 6 };
    const forward = neuronLogisticProductGridForwardConfig.compile(setup);
    const drift = neuronLogisticProductGridDriftConfig.compile(setup);
    for (const [outerCount, innerCount] of [[3, 2], [10, 12], [2, 5]]) {
      const points = randomProductPoints(next, outerCount, 2, innerCount, 2);
      const weights = Float64Array.from({ length: points.count }, () => 2 * next() - 1);
      const f = new Float64Array(points.count);
      forward(theta, points, f);
      const g = new Float64Array(n * 6);
      drift(theta, points, weights, g);
      expect(forwardErrorRatio(unit, theta, n, points, f)).toBeLessThanOrEqual(1);
      expect(driftErrorRatio(unit, theta, n, points, weights, g)).toBeLessThanOrEqual(1);
    }
  });

  it.each([tanh, sigmoid, sine])('propagate NaN from one particle to f and to its drift only ($name)', (activation) => {
    const unit = new NeuronUnit(activation, 3);
    const next = uniformStream(5);
    const n = 3;
    const theta = randomNeuronTheta(next, n, 4, regimes.moderate);
    theta[6 + 2] = NaN;
    const points = randomProductPoints(next, 4, 2, 5, 2);
    const weights = Float64Array.from({ length: points.count }, () => 2 * next() - 1);
    const setup = { unit, particleCount: n, parameterDim: 6 };
    const forward = activation === sine ? neuronSineProductGridForwardConfig : neuronLogisticProductGridForwardConfig;
    const drift = activation === sine ? neuronSineProductGridDriftConfig : neuronLogisticProductGridDriftConfig;
    const f = new Float64Array(points.count);
    forward.compile(setup)(theta, points, f);
    expect(f.every(Number.isNaN)).toBe(true);
    const g = new Float64Array(n * 6);
    drift.compile(setup)(theta, points, weights, g);
    expect(g.subarray(0, 6).some(Number.isNaN)).toBe(false);
    expect(g.subarray(6, 12).some(Number.isNaN)).toBe(true);
    expect(g.subarray(12, 18).some(Number.isNaN)).toBe(false);
  });
});
