import { describe, expect, it } from 'vitest';
import type { RandomState } from '../plugin-points/random';
import { XoroshiroRandom, createRandom } from './random';

/** Tolerances below are 5 standard errors: a correct generator fails one with probability < 1e-6. */
const Z = 5;

const UINT64_MASK = (1n << 64n) - 1n;
const rotl64 = (x: bigint, k: bigint) => ((x << k) | (x >> (64n - k))) & UINT64_MASK;

/** Blackman & Vigna's reference xoroshiro128+ (a = 24, b = 16, c = 37) on 64-bit integers. */
function referenceXoroshiro(s0: bigint, s1: bigint): () => bigint {
  return () => {
    const result = (s0 + s1) & UINT64_MASK;
    const t = s1 ^ s0;
    s0 = rotl64(s0, 24n) ^ t ^ ((t << 16n) & UINT64_MASK);
    s1 = rotl64(t, 37n);
    return result;
  };
}

function drawUniforms(rng: XoroshiroRandom, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.uniform();
  return out;
}

function mean(xs: ArrayLike<number>, f: (x: number) => number = (x) => x): number {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += f(xs[i]);
  return sum / xs.length;
}

describe('XoroshiroRandom', () => {
  it('seeds with SplitMix64 and runs the reference xoroshiro128+ (known-answer test)', () => {
    // SplitMix64 from state 0 emits 0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4 (published test vector).
    const s0 = 0xe220a8397b1dcdafn;
    const s1 = 0x6e789e6aa1b965f4n;
    const rng = XoroshiroRandom.fromSeed(0);
    expect(rng.state().words).toEqual([0xe220a839 | 0, 0x7b1dcdaf | 0, 0x6e789e6a | 0, 0xa1b965f4 | 0]);

    // Each 32-bit draw is the low word of the 64-bit output; uniform() keeps 26 + 27 high bits of two.
    const next32 = referenceXoroshiro(s0, s1);
    const draw = () => Number(next32() & 0xffffffffn);
    for (let i = 0; i < 50; i++) {
      const expected = (Math.floor(draw() / 64) * 2 ** 27 + Math.floor(draw() / 32)) / 2 ** 53;
      expect(rng.uniform()).toBe(expected);
    }
  });

  it('is deterministic: equal seeds give equal streams, different seeds different ones', () => {
    const a = createRandom(12345);
    const b = createRandom(12345);
    const c = createRandom(12346);
    const za = new Float64Array(1001);
    const zb = new Float64Array(1001);
    const zc = new Float64Array(1001);
    for (const [rng, z] of [[a, za], [b, zb], [c, zc]] as const) {
      for (let i = 0; i < 500; i++) z[i] = rng.uniform();
      rng.fillNormal(z, 500, 501);
    }
    expect(zb).toEqual(za);
    let equal = 0;
    for (let i = 0; i < za.length; i++) if (za[i] === zc[i]) equal++;
    expect(equal).toBe(0);
  });

  it('decorrelates nearby seeds from the first draw', () => {
    // The first uniform of seeds 0…9999 must itself be U[0, 1): mean 1/2, sd of the mean
    // sqrt(1/12 / 10⁴). pure-rand's own seeding would put all of them near 1.
    const n = 10_000;
    const first = new Float64Array(n);
    for (let seed = 0; seed < n; seed++) first[seed] = createRandom(seed).uniform();
    expect(Math.abs(mean(first) - 0.5)).toBeLessThan(Z * Math.sqrt(1 / 12 / n));
  });

  it('rejects seeds that are not integers in [0, 2^32)', () => {
    for (const seed of [-1, 1.5, 2 ** 32, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => createRandom(seed)).toThrow(/seed must be an integer in \[0, 2\^32\)/);
    }
    expect(() => createRandom(2 ** 32 - 1)).not.toThrow();
  });

  it('uniform(): values in [0, 1), all 53 bits random, moments within O(1/√n)', () => {
    const n = 1_000_000;
    const u = drawUniforms(XoroshiroRandom.fromSeed(7), n);
    let min = 1;
    let max = 0;
    let oddLowestBit = 0;
    for (let i = 0; i < n; i++) {
      min = Math.min(min, u[i]);
      max = Math.max(max, u[i]);
      oddLowestBit += (u[i] * 2 ** 53) % 2;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    // E U = 1/2 with Var U = 1/12; E (U − ½)² = 1/12 with Var = 1/80 − 1/144 = 1/180.
    expect(Math.abs(mean(u) - 0.5)).toBeLessThan(Z * Math.sqrt(1 / 12 / n));
    expect(Math.abs(mean(u, (x) => (x - 0.5) ** 2) - 1 / 12)).toBeLessThan(Z * Math.sqrt(1 / 180 / n));
    // The 2^-53 bit is a fair coin (it would be constant if only 32 bits were used).
    expect(Math.abs(oddLowestBit / n - 0.5)).toBeLessThan(Z * Math.sqrt(0.25 / n));
  });

  it('normal(): moments and CDF of N(0, 1) within O(1/√n)', () => {
    const n = 1_000_000;
    const z = new Float64Array(n);
    XoroshiroRandom.fromSeed(11).fillNormal(z);
    // Standard errors: sqrt(Var(Z^p)/n) with E Z² = 1, E Z⁴ = 3, E Z⁶ = 15, E Z⁸ = 105.
    expect(Math.abs(mean(z))).toBeLessThan(Z * Math.sqrt(1 / n));
    expect(Math.abs(mean(z, (x) => x * x) - 1)).toBeLessThan(Z * Math.sqrt(2 / n));
    expect(Math.abs(mean(z, (x) => x ** 3))).toBeLessThan(Z * Math.sqrt(15 / n));
    expect(Math.abs(mean(z, (x) => x ** 4) - 3)).toBeLessThan(Z * Math.sqrt(96 / n));
    // Φ(−2), Φ(−1), Φ(0), Φ(1): a Bernoulli proportion has sd sqrt(p(1 − p)/n).
    for (const [q, p] of [[-2, 0.022750131948179195], [-1, 0.15865525393145707], [0, 0.5], [1, 0.8413447460685429]]) {
      expect(Math.abs(mean(z, (x) => (x < q ? 1 : 0)) - p)).toBeLessThan(Z * Math.sqrt((p * (1 - p)) / n));
    }
  });

  it('fillNormal(out, offset, count) writes exactly the values successive normal() calls return', () => {
    const bulk = XoroshiroRandom.fromSeed(3);
    const scalar = XoroshiroRandom.fromSeed(3);
    bulk.normal();
    scalar.normal(); // both now hold a spare, which fillNormal must use first
    const out = new Float64Array(20).fill(Number.NaN);
    bulk.fillNormal(out, 2, 7);
    bulk.fillNormal(out, 9, 6);
    const expected = new Float64Array(20).fill(Number.NaN);
    for (let i = 2; i < 15; i++) expected[i] = scalar.normal();
    expect(out).toEqual(expected);
    expect(bulk.state()).toEqual(scalar.state());

    expect(() => bulk.fillNormal(out, 15, 6)).toThrow(RangeError);
    expect(() => bulk.fillNormal(out, -1, 2)).toThrow(RangeError);
    expect(() => bulk.fillNormal(out, 0.5, 2)).toThrow(RangeError);
  });

  it('restores from a JSON round trip of state() and continues the exact stream, spare normal included', () => {
    const rng = createRandom(2024) as XoroshiroRandom;
    for (let i = 0; i < 3; i++) rng.normal(); // odd count: a spare normal is pending
    const saved: RandomState = JSON.parse(JSON.stringify(rng.state()));
    expect(saved.spareNormal).not.toBeNull();

    const restored = XoroshiroRandom.fromState(saved);
    expect(restored.state()).toEqual(rng.state());
    expect(restored.normal()).toBe(saved.spareNormal);
    expect(restored.normal()).toBe((rng.normal(), rng.normal()));
    const a = new Float64Array(101);
    const b = new Float64Array(101);
    rng.fillNormal(a);
    restored.fillNormal(b);
    expect(b).toEqual(a);
    expect(restored.uniform()).toBe(rng.uniform());
  });

  it('fromState rejects another algorithm, a wrong word count, bad words and the all-zero state', () => {
    const good = createRandom(1).state();
    expect(() => XoroshiroRandom.fromState({ ...good, algorithm: 'mersenne' })).toThrow(/'mersenne'.*xoroshiro128plus/);
    expect(() => XoroshiroRandom.fromState({ ...good, words: [1, 2, 3] })).toThrow(/4 words, got 3/);
    expect(() => XoroshiroRandom.fromState({ ...good, words: [1, 2, 3, 0.5] })).toThrow(/32-bit integer, got 0.5/);
    expect(() => XoroshiroRandom.fromState({ ...good, words: [0, 0, 0, 0] })).toThrow(/all-zero/);
    expect(() => XoroshiroRandom.fromState({ ...good, spareNormal: Number.NaN })).toThrow(/spareNormal/);
  });

  it('split() returns an uncorrelated stream and leaves this one unchanged', () => {
    const parent = createRandom(99) as XoroshiroRandom;
    parent.normal();
    const before = parent.state();
    const child = parent.split();
    expect(parent.state()).toEqual(before);
    expect(child.state().spareNormal).toBeNull();
    expect(child.state().words).not.toEqual(before.words);

    const grandchild = child.split();
    const n = 100_000;
    const streams = [parent, child, grandchild].map((rng) => {
      const z = new Float64Array(n);
      rng.fillNormal(z);
      return z;
    });
    // Sample correlation of independent N(0, 1) streams has sd 1/√n.
    for (const [i, j] of [[0, 1], [0, 2], [1, 2]]) {
      let dot = 0;
      for (let t = 0; t < n; t++) dot += streams[i][t] * streams[j][t];
      expect(Math.abs(dot / n)).toBeLessThan(Z / Math.sqrt(n));
    }
    // The parent's own stream is what it would have been without the split.
    const replay = XoroshiroRandom.fromState(before);
    const z = new Float64Array(n);
    replay.fillNormal(z);
    let mismatches = 0;
    for (let t = 0; t < n; t++) if (z[t] !== streams[0][t]) mismatches++;
    expect(mismatches).toBe(0);
  });
});
