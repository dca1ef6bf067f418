/**
 * Scratch space for {@link sortInPlace}: a bucket index per value, bucket offsets and an output
 * buffer, grown to the largest array seen so sorting in a loop allocates nothing.
 */
export class SortScratch {
  private capacity = 0;
  bucketOf = new Int32Array(0);
  start = new Int32Array(0);
  sorted = new Float64Array(0);

  reserve(length: number): void {
    if (length <= this.capacity) return;
    this.capacity = length;
    this.bucketOf = new Int32Array(length);
    this.start = new Int32Array(length + 1);
    this.sorted = new Float64Array(length);
  }
}

/**
 * Sorts values[offset … offset+length) ascending, in place, exactly. A counting sort into `length`
 * equal-width buckets over [min, max] puts the values almost in order (about one value per bucket
 * for any density without heavy atoms), then insertion sort removes the few inversions left inside
 * buckets. If those inversions grow past a few per value (atoms, extreme outliers), the remainder is
 * handed to the built-in sort, so the worst case stays O(n log n). NaN is not allowed.
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
  const { bucketOf, start, sorted } = scratch;
  // The top bucket is length − 1: max maps to length·(1 − ε) at worst after the floor.
  const scale = (length * (1 - 1e-12)) / (max - min);
  start.fill(0, 0, length + 1);
  for (let k = 0; k < length; k++) {
    // Truncation is the floor here: the argument is ≥ 0 and < length ≤ 2^31.
    const bucket = ((values[offset + k] - min) * scale) | 0;
    bucketOf[k] = bucket;
    start[bucket + 1]++;
  }
  for (let b = 0; b < length; b++) start[b + 1] += start[b];
  for (let k = 0; k < length; k++) sorted[start[bucketOf[k]]++] = values[offset + k];
  let moves = 0;
  const moveBudget = 8 * length;
  for (let k = 1; k < length; k++) {
    const x = sorted[k];
    let slot = k;
    while (slot > 0 && sorted[slot - 1] > x) {
      sorted[slot] = sorted[slot - 1];
      slot--;
    }
    sorted[slot] = x;
    moves += k - slot;
    if (moves > moveBudget) {
      sorted.subarray(0, length).sort();
      break;
    }
  }
  values.set(sorted.subarray(0, length), offset);
}
