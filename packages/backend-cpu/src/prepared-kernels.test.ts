import { NeuronUnit, SigmoidActivation, SineActivation, SoftplusActivation, TanhActivation, type PointSet } from '@mfpg/core';
import { afterAll, describe, expect, it } from 'vitest';
import { CpuBackend } from './cpu-backend';
import { randomNeuronTheta, randomPoints, torusProductPoints, uniformStream } from './testing/kernel-reference';

/**
 * ParticleKernels.prepare reuses work between a forward and a drift at one θ (written inputs, the
 * grid's split exponentials, the float32 tanh cache); it must change no bit. Compared with the
 * unprepared calls of the same kernels, on every variant: one thread and two, float64 and float32.
 */
const variants = [
  ['float64, 1 thread', new CpuBackend()],
  ['float64, 2 threads', new CpuBackend(undefined, { threads: 2, precision: 'float64', minParallelPairs: 0 })],
  ['float32, 1 thread', new CpuBackend(undefined, { threads: 1, precision: 'float32' })],
  ['float32, 2 threads', new CpuBackend(undefined, { threads: 2, precision: 'float32', minParallelPairs: 0 })],
] as const;
afterAll(async () => Promise.all(variants.map(([, backend]) => backend.dispose())));

const N = 19;
const p = 4;
const next = uniformStream(13);
const shapes: readonly [string, PointSet][] = [
  ['general points', randomPoints(next, 37, p)],
  ['torus grid 7×6', torusProductPoints(7, 6)],
];
const activations = [new TanhActivation(), new SigmoidActivation(), new SoftplusActivation(), new SineActivation()];

describe.each(variants)('prepared kernels (%s)', (_, backend) => {
  for (const activation of activations) {
    for (const [shape, points] of shapes) {
      // w ~ 400 sends grid particles past the split exponentials' range (the pair-by-pair path).
      for (const scale of [2, 400]) {
        it(`give the unprepared forward and drift bit for bit (${activation.name}, ${shape}, w ~ ${scale})`, () => {
          const unit = new NeuronUnit(activation, 3);
          const theta = randomNeuronTheta(next, N, p, { c: 3, w: scale, b: 2 });
          const weights = Float64Array.from({ length: points.count }, () => (2 * next() - 1) / points.count);
          const otherWeights = Float64Array.from({ length: points.count }, () => (2 * next() - 1) / points.count);
          const kernels = backend.compile(unit, N, p + 2);
          const expected = { f: new Float64Array(points.count), g: new Float64Array(N * (p + 2)), h: new Float64Array(N * (p + 2)) };
          kernels.forward(theta, points, expected.f);
          kernels.drift(theta, points, weights, expected.g);
          kernels.drift(theta, points, otherWeights, expected.h);
          const prepared = kernels.prepare!(theta, points);
          const f = new Float64Array(points.count);
          const g = new Float64Array(N * (p + 2));
          const h = new Float64Array(N * (p + 2));
          prepared.forward(f);
          prepared.drift(weights, g);
          // A second drift on the same handle (other weights), and a drift before any forward.
          prepared.drift(otherWeights, h);
          expect([Array.from(f), Array.from(g), Array.from(h)]).toEqual([Array.from(expected.f), Array.from(expected.g), Array.from(expected.h)]);
          const driftFirst = new Float64Array(N * (p + 2));
          kernels.prepare!(theta, points).drift(weights, driftFirst);
          expect(Array.from(driftFirst)).toEqual(Array.from(expected.g));
        });
      }
    }
  }

  // What a preparation shares belongs to it alone: a new one at θ changed in place (as the
  // integrator changes the particles) must not read the previous one's.
  it.each(activations)('recompute after θ changes in place and is prepared again ($name)', (activation) => {
    const unit = new NeuronUnit(activation, 3);
    for (const [, points] of shapes) {
      const theta = randomNeuronTheta(next, N, p, { c: 3, w: 2, b: 2 });
      const weights = Float64Array.from({ length: points.count }, () => (2 * next() - 1) / points.count);
      const kernels = backend.compile(unit, N, p + 2);
      const stale = kernels.prepare!(theta, points);
      stale.forward(new Float64Array(points.count));
      stale.drift(weights, new Float64Array(N * (p + 2)));
      theta.set(randomNeuronTheta(next, N, p, { c: 3, w: 2, b: 2 }));
      const prepared = kernels.prepare!(theta, points);
      const [f, g] = [new Float64Array(points.count), new Float64Array(N * (p + 2))];
      prepared.forward(f);
      prepared.drift(weights, g);
      const fresh = backend.compile(unit, N, p + 2);
      const [expectedF, expectedG] = [new Float64Array(points.count), new Float64Array(N * (p + 2))];
      fresh.forward(theta, points, expectedF);
      fresh.drift(theta, points, weights, expectedG);
      expect([Array.from(f), Array.from(g)]).toEqual([Array.from(expectedF), Array.from(expectedG)]);
    }
  });

  it('checks the arguments of a prepared call before running it', () => {
    const unit = new NeuronUnit(new TanhActivation(), 3);
    const [, points] = shapes[1];
    const kernels = backend.compile(unit, N, p + 2);
    const theta = randomNeuronTheta(next, N, p, { c: 3, w: 2, b: 2 });
    expect(() => kernels.prepare!(theta.subarray(6), points)).toThrow(/theta has length/);
    const prepared = kernels.prepare!(theta, points);
    expect(() => prepared.forward(new Float64Array(points.count - 1))).toThrow(/out has length/);
    expect(() => prepared.drift(new Float64Array(3), new Float64Array(N * (p + 2)))).toThrow(/weights has length/);
  });
});
