// Nearest-neighbour squared distances for the Kozachenko–Leonenko estimators (estimators/knn-entropy.ts),
// two candidate neighbours per f64x2. Each lane sums (x_ic − x_jc)² over c in order, as the scalar
// loop does, and the running minima use `<` (NaN never wins): the results are bit-identical to it.

/**
 * nearest[i] = min_{j ≠ i} |x_i − x_j|² for a cloud stored by coordinate (row c holds x_0c … x_{n−1}c,
 * `stride` doubles apart); `nearest` must hold +∞ on entry.
 */
export function nearestSquaredDistances(points: usize, n: i32, dim: i32, stride: i32, nearest: usize): void {
  const row = <usize>stride << 3;
  for (let i = 0; i < n; i++) {
    const at = <usize>i << 3;
    let best = load<f64>(nearest + at);
    let bestPair = f64x2.splat(Infinity);
    let j = i + 1;
    for (; j + 2 <= n; j += 2) {
      const jAt = <usize>j << 3;
      let squared = f64x2.splat(0);
      for (let c = 0; c < dim; c++) {
        const coordinate = points + <usize>c * row;
        const difference = f64x2.sub(v128.load64_splat(coordinate + at), v128.load(coordinate + jAt));
        squared = f64x2.add(squared, f64x2.mul(difference, difference));
      }
      bestPair = v128.bitselect(squared, bestPair, f64x2.lt(squared, bestPair));
      const neighbours = v128.load(nearest + jAt);
      v128.store(nearest + jAt, v128.bitselect(squared, neighbours, f64x2.lt(squared, neighbours)));
    }
    for (; j < n; j++) {
      const jAt = <usize>j << 3;
      let squared: f64 = 0;
      for (let c = 0; c < dim; c++) {
        const coordinate = points + <usize>c * row;
        const difference = load<f64>(coordinate + at) - load<f64>(coordinate + jAt);
        squared += difference * difference;
      }
      if (squared < best) best = squared;
      if (squared < load<f64>(nearest + jAt)) store<f64>(nearest + jAt, squared);
    }
    const lane0 = f64x2.extract_lane(bestPair, 0);
    const lane1 = f64x2.extract_lane(bestPair, 1);
    if (lane0 < best) best = lane0;
    if (lane1 < best) best = lane1;
    store<f64>(nearest + at, best);
  }
}
