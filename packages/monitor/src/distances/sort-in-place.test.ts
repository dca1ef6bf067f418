import { createRandom } from '@mfpg/core';
import { describe, expect, it } from 'vitest';
import { SortScratch, sortInPlace, sortInto } from './sort-in-place';

const rng = createRandom(5);

describe('sortInPlace', () => {
  const cases: [string, (k: number) => number][] = [
    ['uniform', () => rng.uniform()],
    ['gaussian', () => rng.normal()],
    ['cauchy (heavy tails: falls back to the built-in sort)', () => Math.tan(Math.PI * (rng.uniform() - 0.5))],
    ['atoms and ties', (k) => k % 3],
    ['constant', () => 4],
    ['descending', (k) => -k],
    ['one outlier', (k) => (k === 17 ? 1e12 : rng.normal())],
  ];
  for (const [label, draw] of cases) {
    it(`sorts exactly like Float64Array.prototype.sort: ${label}`, () => {
      const scratch = new SortScratch();
      for (const length of [0, 1, 2, 3, 100, 5000]) {
        const values = new Float64Array(length + 4).map((_, k) => draw(k));
        const expected = Float64Array.from(values);
        expected.subarray(2, 2 + length).sort();
        sortInPlace(values, 2, length, scratch);
        expect(values).toEqual(expected);
      }
    });

    it(`sortInto writes the same order out of place and leaves the input alone: ${label}`, () => {
      const scratch = new SortScratch();
      for (const length of [1, 2, 3, 100, 5000]) {
        const values = new Float64Array(length + 4).map((_, k) => draw(k));
        const input = Float64Array.from(values);
        const slice = values.subarray(2, 2 + length);
        const expected = Float64Array.from(slice).sort();
        const out = new Float64Array(length + 1).fill(-7);
        sortInto(values, 2, length, Math.min(...slice), Math.max(...slice), out, scratch);
        expect(out.subarray(0, length)).toEqual(expected);
        expect(out[length]).toBe(-7);
        expect(values).toEqual(input);
      }
    });
  }
});
