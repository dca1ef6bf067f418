import { xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { Random, RandomState } from '../plugin-points/random';

type Xoroshiro128Plus = ReturnType<typeof xoroshiro128plus>;

const ALGORITHM = 'xoroshiro128plus';
const TWO_PI = 2 * Math.PI;
/** 2^-53: one unit in the last place of a double in [0.5, 1). */
const TWO_POW_MINUS_53 = 2 ** -53;
/** 2^27: shifts the 26 high bits of the first draw above the 27 of the second. */
const TWO_POW_27 = 2 ** 27;

const UINT64_MASK = (1n << 64n) - 1n;
const SPLITMIX64_GAMMA = 0x9e3779b97f4a7c15n;

/**
 * The standard xoroshiro128+ generator (Blackman & Vigna), through pure-rand, as an explicit
 * {@link Random}: uniform doubles with 53 random bits and normals by Box–Muller.
 *
 * The 128-bit state is four signed 32-bit words `[s0.hi, s0.lo, s1.hi, s1.lo]` (pure-rand's
 * layout); each `next()` returns the low 32 bits of the 64-bit output s0 + s1.
 *
 * @example
 * const rng = createRandom(42);
 * const z = new Float64Array(1000);
 * rng.fillNormal(z); // 1000 independent N(0, 1) draws
 * const other = rng.split(); // a non-overlapping stream for a second replica
 */
export class XoroshiroRandom implements Random {
  private constructor(
    private readonly generator: Xoroshiro128Plus,
    /** The second Box–Muller normal of the last pair, not yet returned. */
    private spareNormal: number | null,
  ) {}

  /**
   * A generator seeded from a non-negative integer seed < 2^32. The 128-bit state is the first
   * two outputs of SplitMix64 started at the seed — Vigna's recommended seeding. (pure-rand's own
   * `xoroshiro128plus(seed)` puts nearby seeds in nearly equal, mostly-ones states, so their first
   * draws nearly coincide.)
   */
  static fromSeed(seed: number): XoroshiroRandom {
    if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) {
      throw new RangeError(`Random seed must be an integer in [0, 2^32), got ${seed}`);
    }
    let splitmixState = BigInt(seed);
    const words: number[] = [];
    for (let i = 0; i < 2; i++) {
      splitmixState = (splitmixState + SPLITMIX64_GAMMA) & UINT64_MASK;
      const output = splitMix64Mix(splitmixState);
      words.push(Number(BigInt.asIntN(32, output >> 32n)), Number(BigInt.asIntN(32, output)));
    }
    // SplitMix64 is a bijection of its state, so two outputs cannot both be zero for one seed:
    // the all-zero state, the one xoroshiro cannot leave, is never produced.
    return new XoroshiroRandom(xoroshiro128plusFromState(words), null);
  }

  /** Restores a generator from {@link XoroshiroRandom.state}; the stream continues exactly. */
  static fromState(state: RandomState): XoroshiroRandom {
    if (state.algorithm !== ALGORITHM) {
      throw new Error(`Cannot restore a '${state.algorithm}' random state into a ${ALGORITHM} generator`);
    }
    if (!Array.isArray(state.words) || state.words.length !== 4) {
      throw new Error(`A ${ALGORITHM} random state has 4 words, got ${describeLength(state.words)}`);
    }
    for (const word of state.words) {
      if (!Number.isInteger(word) || word < -(2 ** 31) || word >= 2 ** 32) {
        throw new Error(`A ${ALGORITHM} random state word must be a 32-bit integer, got ${word}`);
      }
    }
    if (state.words.every((word) => word === 0)) {
      throw new Error(`The all-zero ${ALGORITHM} state is invalid: the generator would emit only zeros`);
    }
    const spare = state.spareNormal;
    if (spare !== null && !Number.isFinite(spare)) {
      throw new Error(`A random state's spareNormal must be a finite number or null, got ${spare}`);
    }
    const words = state.words.map((word) => word | 0);
    return new XoroshiroRandom(xoroshiro128plusFromState(words), spare);
  }

  /**
   * Uniform on [0, 1) with 53 random bits, from two draws. Takes the high bits of each 32-bit draw
   * (26 then 27): the lowest bits of xoroshiro128+ are its weakest (low linear complexity), so
   * this deliberately differs from pure-rand's uniformFloat64, which keeps the low bits.
   */
  uniform(): number {
    const generator = this.generator;
    const high = generator.next() >>> 6;
    const low = generator.next() >>> 5;
    return (high * TWO_POW_27 + low) * TWO_POW_MINUS_53;
  }

  /** Standard normal by Box–Muller; the pair's second value is kept for the next call. */
  normal(): number {
    const spare = this.spareNormal;
    if (spare !== null) {
      this.spareNormal = null;
      return spare;
    }
    const radius = Math.sqrt(-2 * Math.log(1 - this.uniform()));
    const angle = TWO_PI * this.uniform();
    this.spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }

  /**
   * Fills out[offset … offset+count) with N(0, 1) draws — exactly the values `count` successive
   * `normal()` calls would return, so bulk and scalar use share one reproducible stream.
   * Defaults: offset = 0, count = out.length − offset. Allocation-free.
   */
  fillNormal(out: Float64Array, offset = 0, count = out.length - offset): void {
    if (!Number.isInteger(offset) || !Number.isInteger(count) || offset < 0 || count < 0 || offset + count > out.length) {
      throw new RangeError(`fillNormal range [${offset}, ${offset}+${count}) does not fit an array of length ${out.length}`);
    }
    let index = offset;
    const end = offset + count;
    if (index < end && this.spareNormal !== null) {
      out[index++] = this.spareNormal;
      this.spareNormal = null;
    }
    while (index + 1 < end) {
      const radius = Math.sqrt(-2 * Math.log(1 - this.uniform()));
      const angle = TWO_PI * this.uniform();
      out[index++] = radius * Math.cos(angle);
      out[index++] = radius * Math.sin(angle);
    }
    if (index < end) out[index] = this.normal();
  }

  /** The generator's four state words and the pending Box–Muller normal; JSON-serialisable. */
  state(): RandomState {
    return { algorithm: ALGORITHM, words: [...this.generator.getState()], spareNormal: this.spareNormal };
  }

  /**
   * A stream 2^64 draws ahead (xoroshiro128+'s jump), so it never overlaps this one in practice;
   * this generator is unchanged. Splitting twice without drawing in between returns the same
   * stream again: for several streams, split each new stream in turn (`a = r.split(); b = a.split()`).
   */
  split(): XoroshiroRandom {
    const child = this.generator.clone();
    child.jump();
    return new XoroshiroRandom(child, null);
  }
}

/**
 * A {@link Random} for a run's seed: an integer in [0, 2^32). Equal seeds give equal streams on
 * every platform.
 */
export function createRandom(seed: number): Random {
  return XoroshiroRandom.fromSeed(seed);
}

/** SplitMix64's output function (Steele, Lea & Flood 2014): a bijective 64-bit finaliser. */
function splitMix64Mix(state: bigint): bigint {
  let z = state;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & UINT64_MASK;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & UINT64_MASK;
  return z ^ (z >> 31n);
}

function describeLength(words: unknown): string {
  return Array.isArray(words) ? `${words.length}` : typeof words;
}
