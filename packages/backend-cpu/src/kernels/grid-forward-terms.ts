import type { ShareCall } from '../threads/share-kernel';
import { GRID_ARG, type GridShare } from './logistic-grid-layout';
import { addDirectValues } from './product-grid-direct';

/**
 * A product-grid forward share's particle loop, for outer rows [o0, o1), particles in index order:
 * a split particle adds ℓβ/(1 + e^{κu_o}·e^{κv_i}) to each of its sums in WebAssembly
 * (addLogisticTerms, f64x2; or addLogisticTermsFloat32, f32x4, when `float32`) and ℓα to the
 * returned constant; a particle flagged 0 adds ℓ·ϱ from the form (addDirectValues). The sums of row
 * o0 start at index `at` of `target` (the float64 or float32 view), rows `rowStride` apart, which is
 * also the inner length of the exponentials' rows (I, or innerStride in float32).
 */
export function addForwardTerms(
  call: ShareCall,
  view: GridShare,
  o0: number,
  o1: number,
  target: Float64Array | Float32Array,
  at: number,
  rowStride: number,
  float32: boolean,
): number {
  const { args, f64, simd } = call;
  const { n, grid, form } = view;
  const outerCount = grid.outerCount;
  const bytes = float32 ? 4 : 8;
  // The exponentials' offset is in doubles; in float32 they are indexed as floats.
  const exponentials = (args[GRID_ARG.exponentials] * 8) / bytes;
  const rowLength = outerCount + rowStride;
  const ells = args[GRID_ARG.ells];
  const flags = args[GRID_ARG.flags];
  const add = float32 ? simd.addLogisticTermsFloat32 : simd.addLogisticTerms;
  let constant = 0;
  for (let i = 0; i < n; i++) {
    const ell = f64[ells + i];
    if (f64[flags + i] === 0) {
      addDirectValues(view, i, ell, o0, o1, target, at, rowStride);
      continue;
    }
    constant += form.alpha * ell;
    const row = exponentials + i * rowLength;
    add(form.beta * ell, bytes * (row + o0), o1 - o0, bytes * (row + outerCount), rowStride, bytes * at);
  }
  return constant;
}
