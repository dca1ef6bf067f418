import { NeuronUnit, SigmoidActivation, TanhActivation } from '@mfpg/core';
import { afterAll, describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu-backend';
import { randomNeuronTheta, randomPoints, torusProductPoints, uniformStream } from '../testing/kernel-reference';

/**
 * Worker threads must not change a single bit: forward splits the points, drift the particles, so
 * every sum keeps its order (threads/share-kernel.ts). Compared with the single-threaded registry kernels.
 */
const single = new CpuBackend();
const threaded = [2, 3].map((threads) => new CpuBackend(undefined, { threads, precision: 'float64', minParallelPairs: 0 }));
afterAll(async () => Promise.all(threaded.map((backend) => backend.dispose())));

describe('CpuBackend with worker threads', () => {
  const next = uniformStream(11);
  const N = 37;
  const p = 4;
  for (const activation of [new TanhActivation(), new SigmoidActivation()]) {
    const unit = new NeuronUnit(activation, 3);
    for (const [shape, points, scale] of [
      ['general points', randomPoints(next, 101, p), 2],
      // |κz| past 708 for many pairs: the SIMD exponential's clamp.
      ['general points, large weights', randomPoints(next, 101, p), 400],
      // More than the pool's initial 64 KiB, and an odd point count.
      ['general points, M = 2999', randomPoints(next, 2999, p), 2],
      ['torus grid 9×7', torusProductPoints(9, 7), 2],
      // Large weights push particles out of the logistic form's exponent range (direct path).
      ['torus grid 9×7, large weights', torusProductPoints(9, 7), 400],
      // More than the pool's initial 64 KiB: the workers must follow the grown memory.
      ['torus grid 40×40', torusProductPoints(40, 40), 2],
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


describe('WorkerPool sharing threshold', () => {
  it('runs calls below minParallelPairs on the main thread without starting workers, with the same bits', async () => {
    const unit = new NeuronUnit(new TanhActivation(), 3);
    const next = uniformStream(5);
    const theta = randomNeuronTheta(next, 30, 4, { c: 3, w: 2, b: 1 });
    const points = torusProductPoints(6, 5);
    const lazy = new CpuBackend(undefined, { threads: 2, precision: 'float64' });
    const eager = new CpuBackend(undefined, { threads: 2, precision: 'float64', minParallelPairs: 0 });
    const results = [lazy, eager].map((backend) => {
      const f = new Float64Array(points.count);
      backend.compile(unit, 30, 6).forward(theta, points, f);
      return Array.from(f);
    });
    expect(results[0]).toEqual(results[1]);
    const workers = (backend: CpuBackend) => (backend as unknown as { shareRunner: { workers: unknown[] } }).shareRunner.workers.length;
    expect([workers(lazy), workers(eager)]).toEqual([0, 1]);
    await Promise.all([lazy.dispose(), eager.dispose()]);
  });
});

describe('prepared grid kernels on a shared worker pool', () => {
  it('give the single-threaded bits whatever ran on the pool before, prepared or not', async () => {
    const unit = new NeuronUnit(new TanhActivation(), 3);
    const next = uniformStream(17);
    const N = 21;
    const theta = randomNeuronTheta(next, N, 4, { c: 3, w: 2, b: 1 });
    const other = randomNeuronTheta(next, N, 4, { c: 3, w: 2, b: 1 });
    const grid = torusProductPoints(7, 6);
    const otherGrid = torusProductPoints(6, 7);
    const weights = Float64Array.from({ length: grid.count }, () => (2 * next() - 1) / grid.count);
    const reference = new CpuBackend().compile(unit, N, 6);
    const expected = new Float64Array(N * 6);
    reference.drift(theta, grid, weights, expected);
    const backend = new CpuBackend(undefined, { threads: 2, precision: 'float64', minParallelPairs: 0 });
    const kernels = backend.compile(unit, N, 6);
    const f = new Float64Array(grid.count);
    const g = new Float64Array(N * 6);
    const sequences: [string, () => void][] = [
      ['forward at θ', () => kernels.forward(theta, grid, f)],
      ['forward at another θ', () => kernels.forward(other, grid, f)],
      ['forward on another grid', () => kernels.forward(theta, otherGrid, f)],
      ['forward of another kernel set', () => {
        kernels.forward(theta, grid, f);
        backend.compile(unit, N, 6).forward(other, grid, f);
      }],
    ];
    for (const [, before] of sequences) {
      before();
      kernels.drift(theta, grid, weights, g);
      expect(Array.from(g)).toEqual(Array.from(expected));
    }
    // A handle whose inputs another kernel set replaced in the pool's memory writes them again.
    const prepared = kernels.prepare!(theta, grid);
    prepared.forward(f);
    backend.compile(unit, N, 6).forward(other, otherGrid, new Float64Array(otherGrid.count));
    prepared.drift(weights, g);
    expect(Array.from(g)).toEqual(Array.from(expected));
    await backend.dispose();
  });
});

describe('grid kernels prepared on one grid', () => {
  it('are not reused for a grid with the same factor arrays split differently', async () => {
    const unit = new NeuronUnit(new TanhActivation(), 3);
    const next = uniformStream(29);
    const N = 9;
    const theta = randomNeuronTheta(next, N, 3, { c: 3, w: 2, b: 1 });
    const outer = Float64Array.of(0.1, -0.4, 0.7, 0.2);
    const inner = Float64Array.of(0.5, -0.3, 0.9, -0.8);
    // 4×1 outer with 2×2 inner, and 2×2 outer with 4×1 inner: the same arrays, p and M.
    const gridA = productPointsOf(outer, 4, 1, inner, 2, 2);
    const gridB = productPointsOf(outer, 2, 2, inner, 4, 1);
    const weights = Float64Array.from({ length: 8 }, () => (2 * next() - 1) / 8);
    const expected = new Float64Array(N * 5);
    new CpuBackend().compile(unit, N, 5).drift(theta, gridB, weights, expected);
    const backend = new CpuBackend(undefined, { threads: 2, precision: 'float64', minParallelPairs: 0 });
    const kernels = backend.compile(unit, N, 5);
    kernels.forward(theta, gridA, new Float64Array(8));
    const g = new Float64Array(N * 5);
    kernels.drift(theta, gridB, weights, g);
    expect(Array.from(g)).toEqual(Array.from(expected));
    await backend.dispose();
  });
});

/** The product grid of `outer` (count × dim) and `inner` (count × dim), with its dense points. */
function productPointsOf(outer: Float64Array, outerCount: number, outerDim: number, inner: Float64Array, innerCount: number, innerDim: number) {
  const dim = outerDim + innerDim;
  const data = new Float64Array(outerCount * innerCount * dim);
  for (let o = 0; o < outerCount; o++) {
    for (let i = 0; i < innerCount; i++) {
      const at = (o * innerCount + i) * dim;
      data.set(outer.subarray(o * outerDim, (o + 1) * outerDim), at);
      data.set(inner.subarray(i * innerDim, (i + 1) * innerDim), at + outerDim);
    }
  }
  return { count: outerCount * innerCount, dim, data, product: { outerCount, outerDim, outer, innerCount, innerDim, inner } };
}
