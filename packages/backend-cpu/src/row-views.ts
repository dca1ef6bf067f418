/**
 * Row views `buffer.subarray(r·width, (r+1)·width)` of row-major buffers, created once per buffer
 * and reused: kernels see the same few buffers (particles, predictor particles, a grid's points)
 * at every step, and a subarray per row per call would be N + M allocations per call.
 */
export class RowViews {
  private readonly cache = new WeakMap<Float64Array, { readonly width: number; readonly rows: Float64Array[] }>();

  /** Views of the first `rowCount` rows of `buffer` (rowCount × width, row-major). */
  of(buffer: Float64Array, rowCount: number, width: number): readonly Float64Array[] {
    const cached = this.cache.get(buffer);
    if (cached !== undefined && cached.width === width && cached.rows.length >= rowCount) return cached.rows;
    const rows = Array.from({ length: rowCount }, (_, r) => buffer.subarray(r * width, (r + 1) * width));
    this.cache.set(buffer, { width, rows });
    return rows;
  }
}
