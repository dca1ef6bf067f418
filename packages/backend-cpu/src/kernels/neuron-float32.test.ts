import { NeuronUnit, SoftplusActivation, TanhActivation } from '@mfpg/core';
import { rationalTanhFloat32 } from '@mfpg/core/internal';
import { afterAll, describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu-backend';
import { float32DriftTolerance, float32ForwardTolerance } from '../testing/float32-tolerance';
import { naiveDrift, naiveForward, randomNeuronTheta, randomPoints, uniformStream } from '../testing/kernel-reference';
import { FLOAT32_ARG } from './neuron-float32-share';
import type { ShareRunner } from '../threads/share-runner';

/**
 * The float32 precision (assembly/neuron-float32.ts through kernels/neuron-float32.ts): its tanh
 * is the tested rational form bit for bit, its results meet the float32 error model of
 * testing/float32-tolerance.ts (the gpu backend's), do not depend on the thread count, and the
 * drift's tanh cache changes no bit.
 */
const backends = [1, 2, 3].map((threads) => new CpuBackend(undefined, { threads, precision: 'float32', minParallelPairs: 0 }));
afterAll(async () => Promise.all(backends.map((backend) => backend.dispose())));
const [single] = backends;

describe('CpuBackend float32 (WebAssembly SIMD)', () => {
  it('evaluates tanh exactly as rationalTanhFloat32 (math/rational-tanh.ts), tails and clamp included', () => {
    // One particle with c = 1, w = 0 and L = ∞: f_j = ℓ(1)·tanh(b) = tanh(b), b = the test input.
    const unit = new NeuronUnit(new TanhActivation(), Infinity);
    const inputs = [0, 1e-30, 1e-7, 0.001, 0.3, 0.5, 1, 2.5, 5.9, 8.99, 9, 9.5, 44, 1e6, 1e30];
    const kernels = single.compile(unit, 1, 3);
    const points = { count: 1, dim: 1, data: Float64Array.of(0.7) };
    const f = new Float64Array(1);
    for (const x of [...inputs, ...inputs.map((v) => -v)]) {
      kernels.forward(Float64Array.of(1, 0, Math.fround(x)), points, f);
      // + 0: the sum starts at +0, so tanh(−0) comes out as +0.
      expect(f[0]).toBe(rationalTanhFloat32(x) + 0);
    }
  });

  const next = uniformStream(23);
  const unit = new NeuronUnit(new TanhActivation(), 3);
  // N and M not multiples of 4 (padding), p = 3 and 4, |z| up to ~14 (past the clamp at 9).
  // The last case needs more than the pool's initial 64 KiB: the workers must follow the grown memory.
  for (const [N, M, p] of [[37, 63, 4], [9, 130, 3], [64, 4, 4], [300, 411, 4]] as const) {
    it(`meets the float32 error model, for 1, 2 and 3 threads alike (N = ${N}, M = ${M}, p = ${p})`, () => {
      const theta = randomNeuronTheta(next, N, p, { c: 4, w: 3, b: 2 });
      const points = randomPoints(next, M, p);
      const weights = Float64Array.from({ length: M }, () => (2 * next() - 1) / M);
      const fTolerance = float32ForwardTolerance(unit, theta, N, points);
      const gTolerance = float32DriftTolerance(unit, theta, N, points, weights);
      const fReference = naiveForward(unit, theta, N, points);
      const gReference = naiveDrift(unit, theta, N, points, weights);
      const results = backends.map((backend) => {
        const kernels = backend.compile(unit, N, p + 2);
        const f = new Float64Array(M);
        const g = new Float64Array(N * (p + 2));
        kernels.forward(theta, points, f);
        kernels.drift(theta, points, weights, g);
        return { f: Array.from(f), g: Array.from(g) };
      });
      for (const result of results.slice(1)) expect(result).toEqual(results[0]);
      const { f, g } = results[0];
      for (let j = 0; j < M; j++) expect(Math.abs(f[j] - fReference[j])).toBeLessThanOrEqual(fTolerance[j]);
      for (let k = 0; k < g.length; k++) expect(Math.abs(g[k] - gReference[k])).toBeLessThanOrEqual(gTolerance[k]);
      // The bound can fail: far below what it bounds, and float32 really is coarser than float64.
      expect(Math.max(...fTolerance)).toBeLessThan(1e-3 * Math.max(...fReference.map(Math.abs)));
      expect(f.some((value, j) => value !== fReference[j])).toBe(true);
    });
  }

  it('reads the tanh cache only in a drift prepared with its forward, with the same bits', () => {
    const N = 20;
    const p = 4;
    const backend = backends[1];
    const theta = randomNeuronTheta(next, N, p, { c: 3, w: 3, b: 2 });
    const other = randomNeuronTheta(next, N, p, { c: 3, w: 3, b: 2 });
    const points = randomPoints(next, 50, p);
    const weights = Float64Array.from({ length: points.count }, () => (2 * next() - 1) / points.count);
    const kernels = backend.compile(unit, N, p + 2);
    const args = (backend as unknown as { shareRunner: ShareRunner }).shareRunner.header.args;
    const f = new Float64Array(points.count);
    const drift = (run: (g: Float64Array) => void) => {
      const g = new Float64Array(N * (p + 2));
      run(g);
      return { g: Array.from(g), cached: args[FLOAT32_ARG.cacheMode] === 2 };
    };
    const fresh = drift((g) => kernels.drift(theta, points, weights, g));
    kernels.forward(theta, points, f);
    // Unprepared, a drift after a forward at the same θ prepares anew: no cache.
    const unprepared = drift((g) => kernels.drift(theta, points, weights, g));
    const prepared = kernels.prepare!(theta, points);
    prepared.forward(f);
    const cached = drift((g) => prepared.drift(weights, g));
    prepared.forward(f);
    // Another kernel set on the same pool overwrites the memory in between.
    backend.compile(unit, N, p + 2).forward(other, points, f);
    const afterOtherKernels = drift((g) => prepared.drift(weights, g));
    expect([fresh.cached, unprepared.cached, cached.cached, afterOtherKernels.cached]).toEqual([false, false, true, false]);
    for (const result of [unprepared, cached, afterOtherKernels]) expect(result.g).toEqual(fresh.g);
  });

  it('keeps units without a float32 kernel on the float64 kernels, general points and grids', () => {
    // Product grids of tanh neurons have their own float32 kernels (neuron-logistic-product-grid-float32.test.ts).
    const unit = new NeuronUnit(new SoftplusActivation(), 3);
    const N = 12;
    const p = 2;
    const theta = randomNeuronTheta(next, N, p, { c: 3, w: 2, b: 1 });
    const points = randomPoints(next, 30, p);
    const grid = { ...points, product: { outerCount: 5, outerDim: 1, outer: Float64Array.from({ length: 5 }, (_, k) => k / 5), innerCount: 6, innerDim: 1, inner: Float64Array.from({ length: 6 }, (_, k) => k / 6) } };
    for (let o = 0; o < 5; o++) for (let k = 0; k < 6; k++) grid.data.set([o / 5, k / 6], 2 * (o * 6 + k));
    const reference = new CpuBackend().compile(unit, N, p + 2);
    const float32 = single.compile(unit, N, p + 2);
    for (const pointSet of [points, grid]) {
      const expected = new Float64Array(30);
      reference.forward(theta, pointSet, expected);
      const f = new Float64Array(30);
      float32.forward(theta, pointSet, f);
      expect(Array.from(f)).toEqual(Array.from(expected));
    }
  });
});

describe('CpuBackend float32 edge cases (found in review)', () => {
  const unit = new NeuronUnit(new TanhActivation(), 3);
  const next = uniformStream(41);

  it('does not reuse the tanh cache after a drift at other θ and points overwrote its inputs', () => {
    const N = 12;
    const p = 3;
    const kernels = backends[1].compile(unit, N, p + 2);
    const [theta1, theta2] = [0, 1].map(() => randomNeuronTheta(next, N, p, { c: 3, w: 3, b: 2 }));
    const [points1, points2] = [25, 40].map((count) => randomPoints(next, count, p));
    const weights = (count: number) => Float64Array.from({ length: count }, () => (2 * next() - 1) / count);
    const w1 = weights(25);
    const fresh = new Float64Array(N * (p + 2));
    kernels.drift(theta1, points1, w1, fresh);
    const f = new Float64Array(25);
    const g = new Float64Array(N * (p + 2));
    kernels.forward(theta1, points1, f);
    kernels.drift(theta2, points2, weights(40), new Float64Array(N * (p + 2)));
    kernels.drift(theta1, points1, w1, g);
    expect(Array.from(g)).toEqual(Array.from(fresh));
  });

  it('saturates finite inputs beyond float32 range (w·0 stays 0, padding included) as the float64 reference does', () => {
    const N = 3;
    const p = 2;
    const theta = randomNeuronTheta(next, N, p, { c: 3, w: 1, b: 1 });
    theta[1] = 1e39; // w_1 of particle 0: finite in float64, ∞ if merely rounded to float32
    // M = 5 (padded to 8) and a real point with x_1 = 0.
    const points = { count: 5, dim: p, data: Float64Array.of(0, 0.5, 0.3, -0.2, -0.7, 0.1, 0.9, 0.4, -0.4, -0.9) };
    const weights = Float64Array.of(0.2, -0.1, 0.3, 0.05, -0.25);
    const reference = new CpuBackend().compile(unit, N, p + 2);
    const f64 = new Float64Array(5);
    const g64 = new Float64Array(N * (p + 2));
    reference.forward(theta, points, f64);
    reference.drift(theta, points, weights, g64);
    const kernels = single.compile(unit, N, p + 2);
    const f = new Float64Array(5);
    const g = new Float64Array(N * (p + 2));
    kernels.forward(theta, points, f);
    kernels.drift(theta, points, weights, g);
    expect([...f64, ...g64].every(Number.isFinite)).toBe(true);
    expect([...f, ...g].every(Number.isFinite)).toBe(true);
    // Saturation means exactly: 1e39 computes as the largest float32, 3.4028234663852886e38.
    const saturated = Float64Array.from(theta);
    saturated[1] = 3.4028234663852886e38;
    const fSaturated = new Float64Array(5);
    const gSaturated = new Float64Array(N * (p + 2));
    kernels.forward(saturated, points, fSaturated);
    kernels.drift(saturated, points, weights, gSaturated);
    expect([...f, ...g]).toEqual([...fSaturated, ...gSaturated]);
  });
});
