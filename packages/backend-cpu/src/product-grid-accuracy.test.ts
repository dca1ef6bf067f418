import { NeuronUnit, SigmoidActivation, SineActivation, TanhActivation, type Activation } from '@mfpg/core';
import { describe, expect, it } from 'vitest';
import { CpuBackend } from './cpu-backend';
import {
  driftErrorRatio,
  EPS,
  forwardErrorRatio,
  productPoints,
  randomNeuronTheta,
  torusProductPoints,
  uniformStream,
} from './testing/kernel-reference';

/**
 * The product-grid kernels' per-evaluation accuracy, isolated from the order in which z is summed:
 * every θ entry is a multiple of 2^−6 below 2^12 and every feature a multiple of 2^−8 in [−1, 1],
 * so each w_k x_k is a multiple of 2^−14 below 2^19 and every partial sum of z (< 2^13) is exact in
 * any order. ℓ(c) = c = 1 (L = ∞), so f and the drift expose ϱ and ϱ' themselves.
 */
const backend = new CpuBackend();
const next = uniformStream(2024);
const dyadic = (scale: number, step: number) => Math.round((2 * next() - 1) * scale * step) / step;

/** N particles (c = 1) with w on ±50 and b drawn from `biases`, all dyadic. */
function dyadicTheta(count: number, bias: () => number): Float64Array {
  const theta = new Float64Array(count * 6);
  for (let i = 0; i < count; i++) {
    theta[i * 6] = 1;
    for (let k = 1; k <= 4; k++) theta[i * 6 + k] = dyadic(50, 64);
    theta[i * 6 + 5] = bias();
  }
  return theta;
}

/** z = b + w·x for particle i of `theta` at features x (exact, see above). */
function z(theta: Float64Array, i: number, x: ArrayLike<number>): number {
  let sum = theta[i * 6 + 5];
  for (let k = 0; k < 4; k++) sum += theta[i * 6 + 1 + k] * x[k];
  return sum;
}

/** Biases spanning the direct split (|b| ≲ 70), the shifted split and the pair-by-pair path. */
const biasRegimes: Record<string, () => number> = {
  moderate: () => dyadic(5, 64),
  saturating: () => dyadic(60, 64),
  shifted: () => dyadic(300, 64),
  extreme: () => dyadic(1000, 64),
};

interface Case {
  readonly activation: Activation;
  /** The reference value and derivative at z: the activation's own, or Math.tanh / Math.sin. */
  readonly value: (z: number) => number;
  readonly derivative: (z: number) => number;
  /** The allowed |kernel − reference| for ϱ'(z), given the reference value. */
  readonly derivativeAllowance: (reference: number) => number;
  readonly allowanceText: string;
}

const tanh = new TanhActivation();
const sigmoid = new SigmoidActivation();
const sine = new SineActivation();
const cases: Case[] = [
  {
    activation: tanh,
    value: Math.tanh,
    derivative: (t) => tanh.derivative(t),
    derivativeAllowance: (reference) => 32 * EPS * Math.abs(reference),
    allowanceText: '32·2^−53 relative',
  },
  {
    activation: sigmoid,
    value: (t) => sigmoid.value(t),
    derivative: (t) => sigmoid.derivative(t),
    derivativeAllowance: (reference) => 32 * EPS * Math.abs(reference),
    allowanceText: '32·2^−53 relative',
  },
  {
    activation: sine,
    value: Math.sin,
    derivative: Math.cos,
    derivativeAllowance: () => 8 * EPS,
    allowanceText: '8·2^−53',
  },
];

describe.each(cases)('product-grid $activation.name at exactly summed z', (testCase) => {
  const { activation, value, derivative, derivativeAllowance, allowanceText } = testCase;
  const unit = new NeuronUnit(activation, Infinity);

  it.each(Object.entries(biasRegimes))('each value is within 8·2^−53 of the reference (%s biases)', (_, bias) => {
    const grid = productPoints(
      16, 2, Float64Array.from({ length: 32 }, () => dyadic(1, 256)),
      16, 2, Float64Array.from({ length: 32 }, () => dyadic(1, 256)),
    );
    const kernels = backend.compile(unit, 1, 6);
    const f = new Float64Array(grid.count);
    for (let trial = 0; trial < 40; trial++) {
      const theta = dyadicTheta(1, bias);
      kernels.forward(theta, grid, f);
      for (let j = 0; j < grid.count; j++) {
        const zj = z(theta, 0, grid.data.subarray(j * 4, j * 4 + 4));
        expect(Math.abs(f[j] - value(zj)), `z = ${zj}`).toBeLessThanOrEqual(8 * EPS);
      }
    }
  });

  it.each(Object.entries(biasRegimes))(
    `each derivative is within ${allowanceText} of the reference (%s biases)`,
    (_, bias) => {
      // One point and unit weight: particle i's drift is (ϱ(z_i), ϱ'(z_i)·x, ϱ'(z_i)).
      const feature = () => dyadic(1, 256);
      const outer = Float64Array.of(feature(), feature());
      const point = productPoints(1, 2, outer, 1, 2, Float64Array.of(feature(), feature()));
      const count = 2000;
      const theta = dyadicTheta(count, bias);
      const g = new Float64Array(count * 6);
      backend.compile(unit, count, 6).drift(theta, point, Float64Array.of(1), g);
      for (let i = 0; i < count; i++) {
        const zi = z(theta, i, point.data);
        expect(Math.abs(g[i * 6] - value(zi)), `ϱ(${zi})`).toBeLessThanOrEqual(8 * EPS);
        const reference = derivative(zi);
        expect(Math.abs(g[i * 6 + 5] - reference), `ϱ'(${zi})`).toBeLessThanOrEqual(derivativeAllowance(reference));
      }
    },
  );
});

describe('product-grid kernels on the default problem (N = 1000, 64×64 torus grid, L = 3)', () => {
  it.each(cases)('f and the drift are within round-off bounds of the naive loops ($activation.name)', (testCase) => {
    const unit = new NeuronUnit(testCase.activation, 3);
    const points = torusProductPoints(64, 64);
    const n = 1000;
    const theta = randomNeuronTheta(next, n, 4, { c: 3, w: 3, b: 3 });
    const weights = Float64Array.from({ length: points.count }, () => (2 * next() - 1) / points.count);
    const kernels = backend.compile(unit, n, 6);
    const f = new Float64Array(points.count);
    kernels.forward(theta, points, f);
    const g = new Float64Array(n * 6);
    kernels.drift(theta, points, weights, g);
    expect(forwardErrorRatio(unit, theta, n, points, f)).toBeLessThanOrEqual(1);
    expect(driftErrorRatio(unit, theta, n, points, weights, g)).toBeLessThanOrEqual(1);
  });
});
