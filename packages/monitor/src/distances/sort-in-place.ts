/**
 * Scratch space for {@link sortInPlace} and {@link sortInto}: bucket offsets and an output buffer,
 * grown to the largest array seen so sorting in a loop allocates nothing.
 */
export class SortScratch {
  private capacity = 0;
  start = new Int32Array(0);
  sorted = new Float64Array(0);

  reserve(length: number): void {
    if (length <= this.capacity) return;
    this.capacity = length;
    this.start = new Int32Array(length + 1);
    this.sorted = new Float64Array(length);
  }
}

/**
 * Sorts values[offset … offset+length) ascending, in place, exactly (see {@link sortInto}).
 * NaN is not allowed.
 */
export function sortInPlace(values: Float64Array, offset: number, length: number, scratch: SortScratch): void {
  if (length < 2) return;
  const end = offset + length;
  let min = values[offset];
  let max = min;
  for (let k = offset + 1; k < end; k++) {
    const x = values[k];
    if (x < min) min = x;
    else if (x > max) max = x;
  }
  if (!(max > min)) return;
  scratch.reserve(length);
  sortInto(values, offset, length, min, max, scratch.sorted, scratch);
  values.set(scratch.sorted.subarray(0, length), offset);
}

/**
 * Writes values[offset … offset+length) sorted ascending to out[0 … length), exactly; min and max
 * must be the least and greatest of those values. A counting sort into `length` equal-width
 * buckets over [min, max] puts the values almost in order (about one value per bucket for any
 * density without heavy atoms), then insertion sort removes the few inversions left inside buckets.
 * If those inversions grow past a few per value (atoms, extreme outliers), the remainder is handed
 * to the built-in sort, so the worst case stays O(n log n). NaN is not allowed; `out` must not
 * alias `values` and `scratch.start` is overwritten.
 */
export function sortInto(
  values: Float64Array,
  offset: number,
  length: number,
  min: number,
  max: number,
  out: Float64Array,
  scratch: SortScratch,
): void {
  const end = offset + length;
  if (!(max > min)) {
    out.set(values.subarray(offset, end));
    return;
  }
  scratch.reserve(length);
  const start = scratch.start;
  // The top bucket is length − 1: max maps to length·(1 − ε) at worst after the floor; if max − min
  // overflows, scale is 0 and every value lands in bucket 0 (the insertion pass then sorts).
  const scale = (length * (1 - 1e-12)) / (max - min);
  start.fill(0, 0, length);
  // Truncation (| 0) is the floor here: the argument is ≥ 0 and < length ≤ 2^31. Recomputing the
  // bucket in the scatter pass is cheaper than storing it.
  for (let k = offset; k < end; k++) start[((values[k] - min) * scale) | 0]++;
  let running = 0;
  for (let b = 0; b < length; b++) {
    const count = start[b];
    start[b] = running;
    running += count;
  }
  for (let k = offset; k < end; k++) {
    const x = values[k];
    out[start[((x - min) * scale) | 0]++] = x;
  }
  let moves = 0;
  const moveBudget = 8 * length;
  // `largest` is out[k − 1]: an insertion only shifts values below it, so it stays the largest.
  let largest = out[0];
  for (let k = 1; k < length; k++) {
    const x = out[k];
    if (x >= largest) {
      largest = x;
      continue;
    }
    let slot = k;
    while (slot > 0 && out[slot - 1] > x) {
      out[slot] = out[slot - 1];
      slot--;
    }
    out[slot] = x;
    moves += k - slot;
    if (moves > moveBudget) {
      out.subarray(0, length).sort();
      return;
    }
  }
}
