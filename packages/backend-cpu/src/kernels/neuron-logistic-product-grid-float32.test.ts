import { NeuronUnit, SigmoidActivation, TanhActivation } from '@mfpg/core';
import { afterAll, describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu-backend';
import { float32DriftTolerance, float32ForwardTolerance } from '../testing/float32-tolerance';
import { naiveDrift, naiveForward, randomNeuronTheta, randomProductPoints, torusProductPoints, uniformStream } from '../testing/kernel-reference';
import { LocalShareRunner, type ShareRunner } from '../threads/share-runner';
import { GRID_ARG } from './logistic-grid-layout';

/**
 * The float32 product-grid kernels (assembly/logistic-product-grid-float32.ts through
 * kernels/neuron-logistic-product-grid.ts's float32 family): within the float32 error model of
 * testing/float32-tolerance.ts (per activation value 16·2^−24·(1 + |ϱ|), per slope 32·2^−24, sums
 * 3(n + 2)·2^−24 per term; the kernels' own derivation is in logistic-grid-float32-*-share.ts),
 * the same bits for 1, 2 and 3 threads, and particles whose exponentials leave float32's range
 * (a factor beyond e^{±43}) go pair by pair instead of overflowing.
 */
const backends = [1, 2, 3].map((threads) => new CpuBackend(undefined, { threads, precision: 'float32', minParallelPairs: 0 }));
afterAll(async () => Promise.all(backends.map((backend) => backend.dispose())));

const next = uniformStream(41);
const activations = [new TanhActivation(), new SigmoidActivation()];

/** Forward and drift on every backend; asserts the thread counts agree bit for bit and returns one result. */
function runAll(unit: NeuronUnit, theta: Float64Array, n: number, points: ReturnType<typeof torusProductPoints>, weights: Float64Array) {
  const d = points.dim + 2;
  const results = backends.map((backend) => {
    const kernels = backend.compile(unit, n, d);
    const f = new Float64Array(points.count);
    const g = new Float64Array(n * d);
    const prepared = kernels.prepare!(theta, points);
    prepared.forward(f);
    prepared.drift(weights, g);
    return { f: Array.from(f), g: Array.from(g) };
  });
  for (const result of results.slice(1)) expect(result).toEqual(results[0]);
  return results[0];
}

function expectWithinModel(unit: NeuronUnit, theta: Float64Array, n: number, points: ReturnType<typeof torusProductPoints>, weights: Float64Array) {
  const { f, g } = runAll(unit, theta, n, points, weights);
  const fReference = naiveForward(unit, theta, n, points);
  const gReference = naiveDrift(unit, theta, n, points, weights);
  const fTolerance = float32ForwardTolerance(unit, theta, n, points);
  const gTolerance = float32DriftTolerance(unit, theta, n, points, weights);
  for (let j = 0; j < points.count; j++) expect(Math.abs(f[j] - fReference[j])).toBeLessThanOrEqual(fTolerance[j]);
  for (let k = 0; k < g.length; k++) expect(Math.abs(g[k] - gReference[k])).toBeLessThanOrEqual(gTolerance[k]);
  // The bound can fail: far below what it bounds, and float32 really ran (not the float64 kernels).
  expect(Math.max(...fTolerance)).toBeLessThan(1e-3 * Math.max(...fReference.map(Math.abs)));
  expect(f.some((value, j) => value !== fReference[j])).toBe(true);
}

/** The per-particle flags the split share wrote (1: float32 split, 0: pair by pair) on the 1-thread backend. */
function splitFlags(n: number): number[] {
  const runner = (backends[0] as unknown as { shareRunner: ShareRunner }).shareRunner;
  const { args, f64 } = runner.reserve(0);
  expect(args[GRID_ARG.float32]).toBe(1);
  return Array.from(f64.subarray(args[GRID_ARG.flags], args[GRID_ARG.flags] + n));
}

describe('CpuBackend float32 on product grids (f32x4)', () => {
  for (const activation of activations) {
    // Inner counts not multiples of 4 (padding), factor dimensions 1 to 3, |z| up to ~14.
    for (const [shape, n, points] of [
      ['torus 8×8', 48, torusProductPoints(8, 8)],
      ['random 13×7, dims 3 + 2', 37, randomProductPoints(next, 13, 3, 7, 2)],
      ['random 5×10, dims 1 + 1', 9, randomProductPoints(next, 5, 1, 10, 1)],
      ['torus 64×64 (the default grid)', 40, torusProductPoints(64, 64)],
    ] as const) {
      it(`meets the float32 error model, 1, 2 and 3 threads alike (${activation.name}, ${shape})`, () => {
        const unit = new NeuronUnit(activation, 3);
        const theta = randomNeuronTheta(next, n, points.dim, { c: 4, w: 3, b: 2 });
        const weights = Float64Array.from({ length: points.count }, () => (2 * next() - 1) / points.count);
        expectWithinModel(unit, theta, n, points, weights);
        expect(splitFlags(n).every((flag) => flag === 1)).toBe(true);
      });
    }

    it(`sends particles whose factors leave e^{±43} pair by pair, shifts the others (${activation.name})`, () => {
      const unit = new NeuronUnit(activation, 3);
      const points = torusProductPoints(16, 12);
      const n = 12;
      const theta = randomNeuronTheta(next, n, points.dim, { c: 4, w: 1, b: 1 });
      const d = points.dim + 2;
      const kappa = Math.abs(activation.logisticForm!.kappa);
      // Particle 0: u spans ±60/κ (wider than 2·43/κ): no shift fits. Particle 1: b = 60/κ, w·x
      // within ±2: s = 0 would put e^{κu} at e^{60}; the shift s ≈ 30/κ splits it as e^{30 ± 4}·e^{30 ± 4}.
      // Particle 2: b = 90/κ: even halved, a factor exceeds e^{43}. Particle 3: b = −200.
      theta[0 * d + 1] = 60 / kappa;
      theta[1 * d + d - 1] = 60 / kappa;
      theta[2 * d + d - 1] = 90 / kappa;
      theta[3 * d + d - 1] = -200;
      const weights = Float64Array.from({ length: points.count }, () => (2 * next() - 1) / points.count);
      expectWithinModel(unit, theta, n, points, weights);
      const flags = splitFlags(n);
      expect(flags.slice(0, 4)).toEqual([0, 1, 0, 0]);
      expect(flags.slice(4).every((flag) => flag === 1)).toBe(true);
    });
  }
});

describe('exponentialsFloat32 (assembly/logistic-product-grid-float32.ts)', () => {
  it('rounds e^{κ(x + s)} to float32 as if once: within 2^−24·(1 + 2^−26) relative of Math.exp, over [−43, 43]', () => {
    // The float64 exponential is within 2.5·2^−53 relative, the reciprocal for y > 0 adds 2^−53, the
    // rounding to float32 2^−24: (2^−24 + 3.5·2^−53)(1 + …) < 2^−24·(1 + 2^−26). Math.exp's own
    // error (≤ 1 float64 ulp) is far below the slack.
    const runner = new LocalShareRunner();
    const count = 4001; // odd: the last pair's second lane is computed, not stored
    const { f64, f32, simd } = runner.reserve(8 * (count + 1) + 4 * (count + 1));
    const out = 2 * (count + 1); // float32 index after the float64 inputs
    let worst = 0;
    for (const [kappa, shift] of [[2, 0], [2, -0.3], [-1, 0.7]]) {
      for (let k = 0; k < count; k++) f64[k] = (-43 + (86 * k) / (count - 1)) / kappa - shift;
      f32[out + count] = 12345; // a sentinel after the last value
      simd.exponentialsFloat32(0, count, kappa, shift, 4 * out);
      for (let k = 0; k < count; k++) {
        const exact = Math.exp(kappa * (f64[k] + shift));
        worst = Math.max(worst, Math.abs(f32[out + k] - exact) / exact);
      }
      expect(f32[out + count]).toBe(12345);
    }
    expect(worst).toBeLessThanOrEqual(2 ** -24 * (1 + 2 ** -26));
    expect(worst).toBeGreaterThan(2 ** -26); // float32 rounding really happened
  });
});
