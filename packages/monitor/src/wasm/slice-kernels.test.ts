import { createRandom } from '@mfpg/core';
import { describe, expect, it } from 'vitest';
import { createSharedMemory, ensureMemory } from '@mfpg/core/internal';
import { instantiateSliceKernels, sliceModule } from './slice-kernels';

const rng = createRandom(17);

describe('sortExact (WebAssembly)', () => {
  const memory = createSharedMemory(64 * 1024);
  const kernels = instantiateSliceKernels(sliceModule(), memory);

  /** Sorts `values` in the module's memory and returns the result. */
  function sortExact(values: Float64Array): Float64Array {
    const n = values.length;
    const scratchAt = 8 * n;
    const countsAt = 16 * n;
    ensureMemory(memory, countsAt + 6 * 2048 * 4, 'SlicedW2: these clouds');
    const data = new Float64Array(memory.buffer);
    data.set(values);
    let min = Infinity;
    let max = -Infinity;
    for (const x of values) {
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    kernels.sortExact(0, n, min, max, scratchAt, countsAt);
    return data.slice(0, n);
  }

  const cases: [string, (k: number) => number][] = [
    ['gaussian (two radix passes, a few ties for the insertion pass)', () => rng.normal()],
    ['uniform', () => rng.uniform()],
    ['cauchy (heavy tails: bit-level radix fallback)', () => Math.tan(Math.PI * (rng.uniform() - 0.5))],
    ['atoms and ties', (k) => (k % 7) - 3],
    ['one outlier', (k) => (k === 17 ? 1e12 : rng.normal())],
    ['signed zeros and subnormals', (k) => [0, -0, 5e-324, -5e-324, 1e-310][k % 5]],
    ['range overflowing to Infinity', (k) => (k % 2 === 0 ? -1e308 : 1e308) * rng.uniform()],
    ['constant', () => 4],
    ['descending', (k) => -k],
  ];
  for (const [label, draw] of cases) {
    it(`sorts like Float64Array.prototype.sort: ${label}`, () => {
      // 70 001 > 2¹⁶ takes the three-pass keys. −0 and +0 compare equal, so their order is free
      // (it changes no (x − y)²): `+ 0` maps −0 to +0 on both sides before toEqual (Object.is).
      const signless = (sorted: Float64Array) => sorted.map((x) => x + 0);
      for (const n of [1, 2, 3, 100, 5000, 70001]) {
        const values = new Float64Array(n).map((_, k) => draw(k));
        expect(signless(sortExact(values))).toEqual(signless(Float64Array.from(values).sort()));
      }
    });
  }
});
