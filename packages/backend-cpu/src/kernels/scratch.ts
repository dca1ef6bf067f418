/**
 * `buffer` if it holds `length` values, else a larger one. Kernels keep their scratch between
 * calls, so they allocate only when a larger point set than any before arrives.
 */
export function withCapacity(buffer: Float64Array<ArrayBuffer>, length: number): Float64Array<ArrayBuffer> {
  return buffer.length >= length ? buffer : new Float64Array(length);
}
