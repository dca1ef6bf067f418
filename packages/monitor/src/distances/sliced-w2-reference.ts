import { SortScratch, sortInto } from './sort-in-place';

/**
 * SW2²(a, b) over the given L×d unit directions, the plain float64 way in JavaScript: one direction
 * at a time, both clouds projected (components in order) and bucket-sorted exactly
 * ({@link sortInto}), then (1/L) Σ_l (1/N) Σ_i (x_(i) − y_(i))², each sum in index order. The
 * reference that {@link SlicedW2}'s WebAssembly kernels reproduce bit for bit (sliced-w2.test.ts),
 * and the "before" of bench/monitor-metrics.ts.
 */
export function referenceSlicedSquaredDistance(a: Float64Array, b: Float64Array, particleCount: number, dim: number, directions: Float64Array): number {
  const n = particleCount;
  const directionCount = directions.length / dim;
  const projectedA = new Float64Array(n);
  const projectedB = new Float64Array(n);
  const sortedA = new Float64Array(n);
  const sortedB = new Float64Array(n);
  const scratch = new SortScratch();
  let total = 0;
  for (let l = 0; l < directionCount; l++) {
    project(a, n, dim, directions, l, projectedA);
    project(b, n, dim, directions, l, projectedB);
    sortSlice(projectedA, n, sortedA, scratch);
    sortSlice(projectedB, n, sortedB, scratch);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const difference = sortedA[i] - sortedB[i];
      sum += difference * difference;
    }
    total += sum / n;
  }
  return total / directionCount;
}

/**
 * out[i] = ⟨ω_l, θ_i⟩ = ((0 + ω_l0·θ_i0) + ω_l1·θ_i1) + …, summed in component order. The
 * components go three at a time (weights in registers, one contiguous pass over the particles per
 * block), which halves the time of the plain dot-product loop without changing a bit of the sums.
 */
function project(theta: Float64Array, n: number, dim: number, directions: Float64Array, l: number, out: Float64Array): void {
  const row = l * dim;
  let c = 0;
  if (dim >= 3) {
    const w0 = directions[row];
    const w1 = directions[row + 1];
    const w2 = directions[row + 2];
    for (let i = 0, p = 0; i < n; i++, p += dim) out[i] = 0 + w0 * theta[p] + w1 * theta[p + 1] + w2 * theta[p + 2];
    c = 3;
  } else if (dim === 2) {
    const w0 = directions[row];
    const w1 = directions[row + 1];
    for (let i = 0, p = 0; i < n; i++, p += 2) out[i] = 0 + w0 * theta[p] + w1 * theta[p + 1];
    c = 2;
  } else {
    const w0 = directions[row];
    for (let i = 0; i < n; i++) out[i] = 0 + w0 * theta[i];
    c = 1;
  }
  for (; c + 3 <= dim; c += 3) {
    const w0 = directions[row + c];
    const w1 = directions[row + c + 1];
    const w2 = directions[row + c + 2];
    for (let i = 0, p = c; i < n; i++, p += dim) out[i] = out[i] + w0 * theta[p] + w1 * theta[p + 1] + w2 * theta[p + 2];
  }
  for (; c < dim; c++) {
    const w = directions[row + c];
    for (let i = 0, p = c; i < n; i++, p += dim) out[i] += w * theta[p];
  }
}

/** Sorts values[0 … n) into out[0 … n) (min and max first, then {@link sortInto}). */
function sortSlice(values: Float64Array, n: number, out: Float64Array, scratch: SortScratch): void {
  let min = values[0];
  let max = min;
  for (let k = 1; k < n; k++) {
    const x = values[k];
    if (x < min) min = x;
    else if (x > max) max = x;
  }
  sortInto(values, 0, n, min, max, out, scratch);
}
