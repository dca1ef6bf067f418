/**
 * A work buffer of exactly `size` numbers: `buffer` itself when it fits, else a new one. Integrators
 * keep their buffers between steps, so they allocate only on the first step or when N·d changes.
 */
export function sized(buffer: Float64Array<ArrayBuffer>, size: number): Float64Array<ArrayBuffer> {
  return buffer.length === size ? buffer : new Float64Array(size);
}
