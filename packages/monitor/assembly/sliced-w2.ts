// Kernels of the sliced 2-Wasserstein distance (monitor src/distances/sliced-w2.ts): projections
// of a cloud on four directions at once, an exact sort of float64 values and the sum of squared
// differences of two sorted slices. All float64 and in the order of the plain definition, so the
// distance is bit-identical to it. Pointers are byte offsets into the shared memory; the caller
// owns the layout.

/**
 * One block of up to four directions: projects clouds a and b (N×d row-major) on them, sorts each
 * slice and writes Σ_i (x_(i) − y_(i))² of direction k at sums + 8k, k < count (padding directions
 * of a last partial block have zero weights and are skipped). `scratch` is this thread's
 * {@link blockScratchBytes}(n) bytes: eight slices of n float64, one more for the sorts, the radix
 * counters and the slices' ranges.
 */
export function sliceBlock(a: usize, b: usize, n: i32, dim: i32, weights: usize, count: i32, scratch: usize, sums: usize): void {
  const column = <usize>n << 3;
  const slicesA = scratch;
  const slicesB = scratch + 4 * column;
  const sortScratch = scratch + 8 * column;
  const counts = scratch + 9 * column;
  const rangesA = counts + COUNTER_BYTES;
  const rangesB = rangesA + 64;
  projectFour(a, n, dim, weights, slicesA, rangesA);
  projectFour(b, n, dim, weights, slicesB, rangesB);
  for (let k = 0; k < count; k++) {
    const x = slicesA + <usize>k * column;
    const y = slicesB + <usize>k * column;
    sortExact(x, n, load<f64>(rangesA + (<usize>k << 4)), load<f64>(rangesA + (<usize>k << 4), 8), sortScratch, counts);
    sortExact(y, n, load<f64>(rangesB + (<usize>k << 4)), load<f64>(rangesB + (<usize>k << 4), 8), sortScratch, counts);
    store<f64>(sums + (<usize>k << 3), squaredDifferenceSum(x, y, n));
  }
}

/** Bytes of scratch that {@link sliceBlock} needs for clouds of n particles. */
export function blockScratchBytes(n: i32): f64 {
  const bytes: u64 = 9 * (<u64>n << 3) + <u64>COUNTER_BYTES + 128;
  return <f64>bytes;
}

/** Bits per digit of the radix sorts: 2048 counters of 4 bytes (8 KiB) per digit stay in L1. */
const DIGIT_BITS = 11;
const DIGIT_MASK: u32 = (1 << DIGIT_BITS) - 1;
const COUNTERS: usize = 1 << DIGIT_BITS;
/** Counters of the six passes of {@link sortBits} (the most any sort uses). */
const COUNTER_BYTES: usize = 6 * COUNTERS * 4;

/**
 * Projections of the N×d row-major cloud `theta` on four directions: out + 8·(k·n + i) =
 * ⟨ω_k, θ_i⟩ = ((0 + ω_k0 θ_i0) + ω_k1 θ_i1) + …, summed in component order. `weights` holds, per
 * component c, (ω_0c, ω_1c, ω_2c, ω_3c) as two f64x2. Writes each direction's min and max at
 * range + 16·k (two f64). One pass over the cloud serves four directions: the cloud is read once per
 * block instead of once per direction.
 */
function projectFour(theta: usize, n: i32, dim: i32, weights: usize, out: usize, range: usize): void {
  const row = <usize>dim << 3;
  const column = <usize>n << 3;
  let min01 = f64x2.splat(Infinity);
  let max01 = f64x2.splat(-Infinity);
  let min23 = min01;
  let max23 = max01;
  for (let i: usize = 0; i < <usize>n; i++) {
    const point = theta + i * row;
    let dot01 = f64x2.splat(0);
    let dot23 = f64x2.splat(0);
    for (let c: usize = 0; c < <usize>dim; c++) {
      const x = v128.load64_splat(point + (c << 3));
      const w = weights + (c << 5);
      dot01 = f64x2.add(dot01, f64x2.mul(v128.load(w), x));
      dot23 = f64x2.add(dot23, f64x2.mul(v128.load(w, 16), x));
    }
    const at = out + (i << 3);
    v128.store64_lane(at, dot01, 0);
    v128.store64_lane(at + column, dot01, 1);
    v128.store64_lane(at + 2 * column, dot23, 0);
    v128.store64_lane(at + 3 * column, dot23, 1);
    min01 = f64x2.pmin(min01, dot01);
    max01 = f64x2.pmax(max01, dot01);
    min23 = f64x2.pmin(min23, dot23);
    max23 = f64x2.pmax(max23, dot23);
  }
  store<f64>(range, f64x2.extract_lane(min01, 0));
  store<f64>(range, f64x2.extract_lane(max01, 0), 8);
  store<f64>(range, f64x2.extract_lane(min01, 1), 16);
  store<f64>(range, f64x2.extract_lane(max01, 1), 24);
  store<f64>(range, f64x2.extract_lane(min23, 0), 32);
  store<f64>(range, f64x2.extract_lane(max23, 0), 40);
  store<f64>(range, f64x2.extract_lane(min23, 1), 48);
  store<f64>(range, f64x2.extract_lane(max23, 1), 56);
}

/** Σ_i (x_i − y_i)² over n float64, summed in index order. */
function squaredDifferenceSum(x: usize, y: usize, n: i32): f64 {
  let sum: f64 = 0;
  for (let at: usize = 0; at < (<usize>n << 3); at += 8) {
    const difference = load<f64>(x + at) - load<f64>(y + at);
    sum += difference * difference;
  }
  return sum;
}

/**
 * Sorts n float64 at `values` ascending, exactly (NaN not allowed; −0 and +0 are equal and come in
 * either order); min and max are their least and greatest. `scratch`: n float64; `counts`: 6·2048 u32.
 * Exported for tests of the fallback.
 *
 * An LSD radix sort over integer keys {@link keyOf} in [0, K), K = 2²² (two 11-bit passes) up to
 * 2¹⁶ values, K = 2³² (three passes) above: at least 64 keys per value. Every float operation rounds
 * monotonically, so x < y gives key(x) ≤ key(y): the keys order the values except inside runs of
 * equal keys, which an insertion pass then sorts. Exactness never depends on the keys, only the
 * speed: if the insertion pass moves more than 4n values (atoms, heavy tails, an outlier that
 * squeezes the bulk into few keys), the values are sorted by {@link sortBits} instead.
 */
export function sortExact(values: usize, n: i32, min: f64, max: f64, scratch: usize, counts: usize): void {
  if (n < 2 || !(max > min)) return;
  const passes = n > 65536 ? 3 : 2;
  // (max − min)·scale ≤ (K − 1)(1 + 2⁻⁵²) rounds to K − 1 at most; an overflowing max − min gives
  // scale 0 (every key 0: the insertion pass gives up at once and sortBits sorts).
  const scale = ((passes == 3 ? 4294967295.0 : 4194303.0) / (max - min));
  const end = values + (<usize>n << 3);
  memory.fill(counts, 0, <usize>passes * COUNTERS * 4);
  const high = counts + COUNTERS * 4;
  const top = high + COUNTERS * 4;
  for (let at = values; at < end; at += 8) {
    const key = keyOf(load<f64>(at), min, scale);
    increment(counts, key & DIGIT_MASK);
    increment(high, (key >> DIGIT_BITS) & DIGIT_MASK);
    if (passes == 3) increment(top, key >> (2 * DIGIT_BITS));
  }
  let from = values;
  let to = scratch;
  for (let pass = 0; pass < passes; pass++) {
    const table = counts + <usize>pass * COUNTERS * 4;
    toOffsets(table);
    const shift = pass * DIGIT_BITS;
    const stop = from + (<usize>n << 3);
    for (let at = from; at < stop; at += 8) {
      const x = load<f64>(at);
      const counter = table + (<usize>((keyOf(x, min, scale) >> shift) & DIGIT_MASK) << 2);
      const slot = load<u32>(counter);
      store<u32>(counter, slot + 1);
      store<f64>(to + (<usize>slot << 3), x);
    }
    const swap = from;
    from = to;
    to = swap;
  }
  if (from != values) memory.copy(values, from, <usize>n << 3);
  if (!insertionPass(values, n, 4 * <u64>n)) sortBits(values, n, scratch, counts);
}

/**
 * The key of x: (x − min)·scale rounded to an integer by adding 2⁵² (round to nearest, monotone
 * like every IEEE operation), read from the low mantissa bits; (x − min)·scale < 2³² here.
 */
@inline function keyOf(x: f64, min: f64, scale: f64): u32 {
  return <u32>reinterpret<u64>((x - min) * scale + 4503599627370496.0);
}

@inline function increment(table: usize, digit: u32): void {
  const counter = table + (<usize>digit << 2);
  store<u32>(counter, load<u32>(counter) + 1);
}

/** Turns counts into starting offsets (exclusive prefix sums) in place. */
@inline function toOffsets(table: usize): void {
  let running: u32 = 0;
  for (let at = table; at < table + COUNTERS * 4; at += 4) {
    const count = load<u32>(at);
    store<u32>(at, running);
    running += count;
  }
}

/**
 * Insertion sort of n float64 that are almost in order; false (values left permuted, unsorted)
 * once more than `budget` values have been moved.
 */
function insertionPass(values: usize, n: i32, budget: u64): bool {
  let moves: u64 = 0;
  // `largest` is the value before `at`: an insertion only shifts values below it.
  let largest = load<f64>(values);
  const end = values + (<usize>n << 3);
  for (let at = values + 8; at < end; at += 8) {
    const x = load<f64>(at);
    if (x >= largest) {
      largest = x;
      continue;
    }
    let slot = at;
    while (slot > values && load<f64>(slot - 8) > x) {
      store<f64>(slot, load<f64>(slot - 8));
      slot -= 8;
    }
    store<f64>(slot, x);
    moves += <u64>((at - slot) >> 3);
    if (moves > budget) return false;
  }
  return true;
}

/**
 * Sorts n float64 exactly by an LSD radix sort of their bits mapped to order-preserving u64
 * (positive: sign bit set; negative: all bits flipped), six passes of 11 bits: linear whatever the
 * distribution, the fallback of {@link sortExact}.
 */
function sortBits(values: usize, n: i32, scratch: usize, counts: usize): void {
  const sign: u64 = 0x8000000000000000;
  const end = values + (<usize>n << 3);
  memory.fill(counts, 0, 6 * COUNTERS * 4);
  for (let at = values; at < end; at += 8) {
    const bits = load<u64>(at);
    const key = bits ^ (<u64>(<i64>bits >> 63) | sign);
    store<u64>(at, key);
    for (let pass: u64 = 0; pass < 6; pass++) {
      const counter = counts + ((<usize>pass * COUNTERS + <usize>((key >> (pass * DIGIT_BITS)) & DIGIT_MASK)) << 2);
      store<u32>(counter, load<u32>(counter) + 1);
    }
  }
  let from = values;
  let to = scratch;
  for (let pass: u64 = 0; pass < 6; pass++) {
    const table = counts + <usize>pass * COUNTERS * 4;
    toOffsets(table);
    const shift = pass * DIGIT_BITS;
    const stop = from + (<usize>n << 3);
    for (let at = from; at < stop; at += 8) {
      const key = load<u64>(at);
      const counter = table + (<usize>((key >> shift) & DIGIT_MASK) << 2);
      const slot = load<u32>(counter);
      store<u32>(counter, slot + 1);
      store<u64>(to + (<usize>slot << 3), key);
    }
    const swap = from;
    from = to;
    to = swap;
  }
  // Six passes: the keys are back in `values`.
  for (let at = values; at < end; at += 8) {
    const key = load<u64>(at);
    store<u64>(at, key ^ (<u64>(<i64>~key >> 63) | sign));
  }
}
