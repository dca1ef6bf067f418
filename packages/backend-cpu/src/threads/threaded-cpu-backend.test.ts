import { NeuronUnit, SigmoidActivation, TanhActivation } from '@mfpg/core';
import { afterAll, describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu-backend';
import { naiveDrift, naiveForward, randomNeuronTheta, randomPoints, torusProductPoints, uniformStream } from '../testing/kernel-reference';

/**
 * Worker threads must not change a single bit: forward splits the points, drift the particles, so
 * every sum keeps its order (shared-kernels.ts). Compared with the single-threaded registry kernels.
 */
const single = new CpuBackend();
const threaded = [2, 3].map((threads) => new CpuBackend(undefined, { threads, precision: 'float64' }));
afterAll(async () => Promise.all(threaded.map((backend) => backend.dispose())));

describe('CpuBackend with worker threads', () => {
  const next = uniformStream(11);
  const N = 37;
  const p = 4;
  for (const activation of [new TanhActivation(), new SigmoidActivation()]) {
    const unit = new NeuronUnit(activation, 3);
    for (const [shape, points, scale] of [
      ['general points', randomPoints(next, 101, p), 2],
      ['torus grid 9×7', torusProductPoints(9, 7), 2],
      // Large weights push particles out of the logistic form's exponent range (direct path).
      ['torus grid 9×7, large weights', torusProductPoints(9, 7), 400],
    ] as const) {
      it(`gives bit-identical forward and drift to one thread (${activation.name}, ${shape})`, () => {
        const theta = randomNeuronTheta(next, N, p, { c: 3, w: scale, b: 2 });
        const weights = Float64Array.from({ length: points.count }, () => (2 * next() - 1) / points.count);
        const reference = single.compile(unit, N, p + 2);
        const f = new Float64Array(points.count);
        const g = new Float64Array(N * (p + 2));
        reference.forward(theta, points, f);
        reference.drift(theta, points, weights, g);
        for (const backend of threaded) {
          const kernels = backend.compile(unit, N, p + 2);
          const f2 = new Float64Array(points.count);
          const g2 = new Float64Array(N * (p + 2));
          kernels.forward(theta, points, f2);
          kernels.drift(theta, points, weights, g2);
          expect(Array.from(f2)).toEqual(Array.from(f));
          expect(Array.from(g2)).toEqual(Array.from(g));
        }
      });
    }
  }

  it('float32 precision (rational tanh) stays within 1.5e−7·Σ|ℓ|/N of the float64 forward', () => {
    const unit = new NeuronUnit(new TanhActivation(), 3);
    const theta = randomNeuronTheta(next, N, p, { c: 3, w: 3, b: 2 });
    const points = randomPoints(next, 64, p);
    const fast = new CpuBackend(undefined, { threads: 2, precision: 'float32' });
    const f = new Float64Array(points.count);
    fast.compile(unit, N, p + 2).forward(theta, points, f);
    const reference = naiveForward(unit, theta, N, points);
    let ellSum = 0;
    for (let i = 0; i < N; i++) ellSum += Math.abs(3 * Math.tanh(theta[i * (p + 2)] / 3));
    // rational tanh: ≤ 1.5e−7 relative (math/rational-tanh.test.ts); sums in float64 add ~N·2^−53.
    const bound = (1.5e-7 * ellSum) / N;
    let worst = 0;
    for (let j = 0; j < points.count; j++) worst = Math.max(worst, Math.abs(f[j] - reference[j]));
    expect(worst).toBeLessThanOrEqual(bound);
    expect(worst).toBeGreaterThan(0);
    return fast.dispose();
  });

  it('float32 drift (from the forward cache or computed) stays within 4.3e−7·Σ|W|·|ℓ or ℓ′|·|x| of float64', async () => {
    const unit = new NeuronUnit(new TanhActivation(), 3);
    const theta = randomNeuronTheta(next, N, p, { c: 3, w: 3, b: 2 });
    const other = randomNeuronTheta(next, N, p, { c: 3, w: 3, b: 2 });
    const points = randomPoints(next, 64, p);
    const weights = Float64Array.from({ length: points.count }, () => (2 * next() - 1) / points.count);
    const fast = new CpuBackend(undefined, { threads: 2, precision: 'float32' });
    const kernels = fast.compile(unit, N, p + 2);
    const f = new Float64Array(points.count);
    const cached = new Float64Array(N * (p + 2));
    kernels.forward(theta, points, f);
    kernels.drift(theta, points, weights, cached);
    // After a forward at other θ, the cache must not be used for θ: same bits as a fresh drift.
    const fresh = new Float64Array(N * (p + 2));
    const stale = new Float64Array(N * (p + 2));
    new CpuBackend(undefined, { threads: 1, precision: 'float32' }).compile(unit, N, p + 2).drift(theta, points, weights, fresh);
    kernels.forward(other, points, f);
    kernels.drift(theta, points, weights, stale);
    expect(Array.from(stale)).toEqual(Array.from(fresh));
    // tanh within 1.5e−7 (fit) + 2^−24 (float32 cache) = 2.1e−7; 1 − t² within 2|t|·2.1e−7.
    const reference = naiveDrift(unit, theta, N, points, weights);
    const d = p + 2;
    for (const drift of [cached, fresh]) {
      for (let i = 0; i < N; i++) {
        const c = theta[i * d];
        const ell = Math.abs(3 * Math.tanh(c / 3));
        const ellSlope = 1 - Math.tanh(c / 3) ** 2;
        for (let k = 0; k < d; k++) {
          let scale = 0;
          for (let j = 0; j < points.count; j++) {
            const x = k === 0 || k === p + 1 ? 1 : Math.abs(points.data[j * p + k - 1]);
            scale += Math.abs(weights[j]) * (k === 0 ? ellSlope : ell) * x;
          }
          expect(Math.abs(drift[i * d + k] - reference[i * d + k])).toBeLessThanOrEqual(4.3e-7 * scale);
        }
      }
    }
    expect(Array.from(cached)).not.toEqual(Array.from(fresh));
    await fast.dispose();
  });
});

