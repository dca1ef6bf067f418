import { describe, expect, it } from 'vitest';
import { uniformStream } from '../testing/kernel-reference';
import { LocalShareRunner } from '../threads/share-runner';

const runner = new LocalShareRunner();
/** assembly/exp-v8.ts EXP_TABLE_BYTES: expV8's constants. */
const TABLE_BYTES = 136;

/** A double from its IEEE bits. */
function fromBits(bits: bigint): number {
  return new Float64Array(BigUint64Array.of(bits).buffer)[0];
}

/** x and its two neighbours (one ulp down and up, for x > 0). */
function around(x: number): number[] {
  const bits = new BigUint64Array(Float64Array.of(x).buffer)[0];
  return [fromBits(bits - 1n), x, fromBits(bits + 1n)];
}

/**
 * fdlibm's decision points (assembly/exp-v8.ts), each with both signs and its neighbours: 0, 2^−28
 * (the tiny shortcut), ½ln2 by value and by the high word 0x3FD62E42, 1.5ln2 by value and by the
 * high word 0x3FF0A2B2, 1 (V8 returns e), the points where x/ln2 ± ½ crosses an integer (k changes),
 * the ends of the range, and the least subnormal (an odd count in all).
 */
function edgeCases(): number[] {
  const magnitudes = [
    2 ** -28, Math.LN2 / 2, fromBits(0x3fd62e4300000000n), Math.LN2 * 1.5, fromBits(0x3ff0a2b200000000n), 1, 354, 708,
    ...Array.from({ length: 40 }, (_, k) => (k + 1.5) * Math.LN2),
  ];
  const positive = magnitudes.flatMap(around);
  return [0, -0, Number.MIN_VALUE, ...positive, ...positive.map((x) => -x)];
}

/** ≥ 10^6 arguments: uniform on ±354 and ±708, on the special ranges ±1.5, and log-uniform magnitudes 2^−40 … 2^9. */
function randomArguments(count: number): Float64Array {
  const next = uniformStream(20260412);
  const fine = () => next() + next() * 2 ** -32;
  return Float64Array.from({ length: count }, (_, k) => {
    const sign = next() < 0.5 ? -1 : 1;
    switch (k % 4) {
      case 0: return sign * 354 * fine();
      case 1: return sign * 708 * fine();
      case 2: return sign * 1.5 * fine();
      default: return sign * 2 ** (-40 + 49 * fine());
    }
  });
}

/** Arguments whose e^x expV8 (through exponentialsFloat64 with κ = 1, shift 0) differs from Math.exp in any bit. */
function differingBits(x: Float64Array): number[] {
  const count = x.length;
  // An odd count leaves the last value to the single-lane tail.
  const { f64, simd } = runner.reserve(16 * (count + 2) + TABLE_BYTES);
  f64.set(x, 0);
  simd.exponentialsFloat64(0, count, 1, 0, 8 * (count + 1), 16 * (count + 2));
  const actual = new BigUint64Array(Float64Array.from(f64.subarray(count + 1, 2 * count + 1)).buffer);
  const expected = new BigUint64Array(x.map(Math.exp).buffer);
  const differing: number[] = [];
  for (let k = 0; k < count; k++) if (actual[k] !== expected[k]) differing.push(x[k]);
  return differing;
}

describe('expV8 (assembly/exp-v8.ts): V8\'s Math.exp bit for bit', () => {
  it('at fdlibm\'s edge cases', () => {
    const x = Float64Array.from(edgeCases());
    expect(x.length % 2).toBe(1);
    expect(differingBits(x)).toEqual([]);
  });

  it('at 10^6 + 1 random arguments on |x| ≤ 708', () => {
    expect(differingBits(randomArguments(1_000_001))).toEqual([]);
  });

  it('forms the argument as κ·(x + shift) before the exponential', () => {
    const { f64, simd } = runner.reserve(64 + TABLE_BYTES);
    f64.set([0.3, -1.7, 250], 0);
    simd.exponentialsFloat64(0, 3, -2, 0.125, 32, 64);
    expect(Array.from(f64.subarray(4, 7))).toEqual([0.3, -1.7, 250].map((x) => Math.exp(-2 * (x + 0.125))));
  });
});
