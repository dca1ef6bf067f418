import { NeuronUnit, SigmoidActivation, TanhActivation } from '@mfpg/core';
import { afterAll, describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu-backend';
import { randomNeuronTheta, randomPoints, torusProductPoints, uniformStream } from '../testing/kernel-reference';

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
});

