import { NeuronUnit, SigmoidActivation, TanhActivation, type LogisticForm, type PointSet, type ProductStructure } from '@mfpg/core';
import { afterAll, describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu-backend';
import { EPS, productPoints, randomNeuronTheta, torusProductPoints, uniformStream } from '../testing/kernel-reference';
import { ProductGridReference } from '../testing/product-grid-reference';
import { referenceSplitExponentials } from '../testing/split-reference';
import { LocalShareRunner } from '../threads/share-runner';
import { logisticFormOf } from './logistic-form';
import { splitPreActivation } from './product-grid-pre-activation';
import { FLOAT64_FACTOR_EXPONENT_LIMIT } from './split-exponentials';

/**
 * The float64 logistic product-grid kernels (kernels/neuron-logistic-product-grid.ts): the split in
 * WebAssembly (assembly/logistic-product-grid-split.ts) writes the exponentials the scalar
 * JavaScript split with Math.exp wrote, bit for bit, and forward and drift equal the scalar
 * reference (testing/product-grid-reference.ts) bit for bit for 1, 2 and 3 threads — so moving
 * them into WebAssembly changed no number of any run.
 */
const tanhForm = logisticFormOf(new TanhActivation()) as LogisticForm;
const sigmoidForm = logisticFormOf(new SigmoidActivation()) as LogisticForm;
const runner = new LocalShareRunner();
const next = uniformStream(12);

/** splitFloat64 of N particles on `grid`: each particle's flag and row e^{κ(u − s)}, e^{κ(v + s)}. */
function wasmSplit(form: LogisticForm, theta: Float64Array, n: number, grid: ProductStructure) {
  const { outerCount: o, outerDim, innerCount: i, innerDim } = grid;
  const d = theta.length / n;
  const outer = theta.length;
  const inner = outer + o * outerDim;
  const scratch = inner + i * innerDim;
  // expV8's constants (17 doubles), u, v and one more.
  const flags = scratch + 17 + o + i + 1;
  const rows = flags + n;
  const { f64, simd } = runner.reserve(8 * (rows + n * (o + i)));
  f64.set(theta, 0);
  f64.set(grid.outer, outer);
  f64.set(grid.inner, inner);
  const limit = FLOAT64_FACTOR_EXPONENT_LIMIT / Math.abs(form.kappa);
  simd.splitFloat64(0, n, d, 0, 8 * outer, o, outerDim, 8 * inner, i, innerDim, form.kappa, limit, 8 * scratch, 8 * flags, 8 * rows);
  return Array.from({ length: n }, (_, p) =>
    f64[flags + p] === 1 ? { eu: f64.slice(rows + p * (o + i), rows + p * (o + i) + o), ev: f64.slice(rows + p * (o + i) + o, rows + (p + 1) * (o + i)) } : undefined,
  );
}

/** The split of one particle whose u and v are the given numbers (θ = (0, 1, 1, 0) on grids u × v). */
function splitOf(form: LogisticForm, u: number[], v: number[]) {
  const grid = productPoints(u.length, 1, Float64Array.from(u), v.length, 1, Float64Array.from(v)).product!;
  return wasmSplit(form, Float64Array.of(0, 1, 1, 0), 1, grid)[0];
}

describe('splitFloat64 (assembly/logistic-product-grid-split.ts)', () => {
  // Integer u, v keep u − s and v + s exact, so eu·ev carries only the exponentials' roundings
  // (≤ 2ε relative each, V8's exp being within one ulp) and the product's: 5ε relative.
  const expectProducts = (form: LogisticForm, u: number[], v: number[]) => {
    const split = splitOf(form, u, v);
    expect(split).toEqual(referenceSplitExponentials(form, Float64Array.from(u), Float64Array.from(v)));
    u.forEach((uo, o) =>
      v.forEach((vi, i) => {
        const exact = Math.exp(form.kappa * (uo + vi));
        expect(Math.abs((split!.eu[o] * split!.ev[i]) / exact - 1)).toBeLessThanOrEqual(6 * EPS);
      }),
    );
  };

  it('splits directly when every exponent is within range', () => {
    expectProducts(tanhForm, [-100, 0, 170], [-170, 5, 100]);
    expectProducts(sigmoidForm, [-350, 0, 350], [-300, 300]);
  });

  it('shifts the split when one factor alone would overflow (tanh: |u| > 177)', () => {
    expectProducts(tanhForm, [300, 320], [-10, 10]);
    expectProducts(tanhForm, [300], [-300]);
    expectProducts(sigmoidForm, [-600, -500], [100, 200]);
  });

  it('declines when some |κz| exceeds 354 by more than the shift can absorb, or on NaN/∞', () => {
    expect(splitOf(tanhForm, [400], [0])).toBeUndefined();
    expect(splitOf(tanhForm, [300, -300], [0])).toBeUndefined();
    expect(splitOf(sigmoidForm, [800], [0])).toBeUndefined();
    expect(splitOf(tanhForm, [NaN, 0], [0])).toBeUndefined();
    expect(splitOf(tanhForm, [0], [Infinity])).toBeUndefined();
  });

  it('writes the scalar split\'s bits for random particles on the Pendulum grid (41×41 states × 9 actions)', () => {
    const grid = pendulumGrid().product!;
    const n = 301;
    const theta = randomNeuronTheta(next, n, 4, { c: 3, w: 40, b: 60 });
    const split = wasmSplit(tanhForm, theta, n, grid);
    const u = new Float64Array(grid.outerCount);
    const v = new Float64Array(grid.innerCount);
    let shifted = 0;
    for (let i = 0; i < n; i++) {
      splitPreActivation(theta, i * 6, grid, u, v);
      const expected = referenceSplitExponentials(tanhForm, u, v);
      expect(split[i]).toEqual(expected);
      if (expected !== undefined && Math.abs(u[0] * tanhForm.kappa) > FLOAT64_FACTOR_EXPONENT_LIMIT) shifted++;
    }
    // The sample exercises all three outcomes: direct, shifted, declined.
    expect(shifted).toBeGreaterThan(0);
    expect(split.filter((row) => row === undefined).length).toBeGreaterThan(0);
  });
});

/** Pendulum's features on its default grid: (cos ϑ, sin ϑ, ω) on 41 × 41 states, the torque on 9 actions. */
function pendulumGrid(): PointSet {
  const outer = new Float64Array(41 * 41 * 3);
  for (let a = 0; a < 41; a++) {
    for (let b = 0; b < 41; b++) {
      const angle = -Math.PI + (2 * Math.PI * a) / 40;
      outer.set([Math.cos(angle), Math.sin(angle), -8 + (16 * b) / 40], (a * 41 + b) * 3);
    }
  }
  return productPoints(41 * 41, 3, outer, 9, 1, Float64Array.from({ length: 9 }, (_, k) => -2 + k / 2));
}

const backends = [1, 2, 3].map((threads) => new CpuBackend(undefined, { threads, precision: 'float64', minParallelPairs: 0 }));
afterAll(async () => Promise.all(backends.map((backend) => backend.dispose())));

describe('CpuBackend float64 on product grids', () => {
  for (const [shape, points, n] of [
    ['Pendulum 41×41 × 9', pendulumGrid(), 41],
    ['torus 16×12', torusProductPoints(16, 12), 24],
  ] as const) {
    for (const activation of [new TanhActivation(), new SigmoidActivation()]) {
      it(`equals the scalar reference bit for bit, 1, 2 and 3 threads alike (${activation.name}, ${shape}, odd and even N)`, () => {
        const unit = new NeuronUnit(activation, 3);
        const reference = new ProductGridReference(activation.logisticForm!, unit.outputBound, points.product!);
        const d = points.dim + 2;
        const theta = randomNeuronTheta(next, n, points.dim, { c: 4, w: 3, b: 2 });
        // Particle 1 needs the shift, particle 2 goes pair by pair.
        theta[1 * d + d - 1] = 300;
        theta[2 * d + 1] = 400;
        const weights = Float64Array.from({ length: points.count }, () => (2 * next() - 1) / points.count);
        const f = reference.forward(theta, n);
        const g = reference.drift(theta, n, weights);
        for (const backend of backends) {
          const prepared = backend.compile(unit, n, d).prepare!(theta, points);
          const forward = new Float64Array(points.count);
          const drift = new Float64Array(n * d);
          prepared.forward(forward);
          prepared.drift(weights, drift);
          expect(forward).toEqual(f);
          expect(drift).toEqual(g);
        }
      });
    }
  }
});
