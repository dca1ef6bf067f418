/**
 * Orderings of the nodes of a tensor grid (row-major: the last dimension runs fastest) in which
 * another dimension runs fastest: for each dimension c but the last, the order that visits the grid
 * with c innermost and the other dimensions in their own order.
 *
 * Why: a skyline (profile) factorisation pays for the envelope, ≈ n·(reach × stride of the slowest
 * neighbour)². On an interpolated grid the reach differs by dimension, and a periodic dimension
 * couples its first and last nodes: run slowest, its wrap-around spans the whole matrix; run fastest,
 * only one grid line (Pendulum's 41×41 grid, θ periodic: 5.9·10⁶ multiply–adds against 8.3·10⁶ for
 * reverse Cuthill–McKee and 3.3·10⁷ for the natural order). The cheapest order is picked by its
 * profile's cost (skylineProfile), so offering these never makes a factorisation dearer.
 *
 * @param shape nodes per dimension, the first slowest
 * @returns order[new] = old index, one per dimension but the last
 */
export function gridAxisOrders(shape: readonly number[]): Int32Array[] {
  const d = shape.length;
  const n = shape.reduce((product, count) => product * count, 1);
  const strides = shape.map((_, c) => shape.slice(c + 1).reduce((product, count) => product * count, 1));
  const orders: Int32Array[] = [];
  for (let fastest = 0; fastest < d - 1; fastest++) {
    // Visiting order of the dimensions, slowest first: the others in their order, then `fastest`.
    const dims = [...shape.keys()].filter((c) => c !== fastest).concat(fastest);
    const order = new Int32Array(n);
    const index = new Int32Array(d);
    for (let position = 0; position < n; position++) {
      let old = 0;
      for (let c = 0; c < d; c++) old += index[c] * strides[c];
      order[position] = old;
      // Odometer step over `dims`, the last one fastest.
      for (let t = d - 1; t >= 0; t--) {
        const c = dims[t];
        if (++index[c] < shape[c]) break;
        index[c] = 0;
      }
    }
    orders.push(order);
  }
  return orders;
}
