import { shareStart, type ShareKernel } from '../threads/share-kernel';
import { GRID_ARG, gridShare } from './logistic-grid-layout';
import { splitPreActivation } from './product-grid-pre-activation';
import { FLOAT32_FACTOR_EXPONENT_LIMIT, fillSplitExponentials, splitShift } from './split-exponentials';

/**
 * The work a product-grid forward and drift share at one θ (docs/architecture.md, "Tensor-product
 * grids"): for this share's particles, u_o and v_i (splitPreActivation) and the exponentials
 * e^{κ(u_o − s)}, e^{κ(v_i + s)} (fillSplitExponentials) into the exponentials region, with a flag
 * per particle: 1 when the split applies, 0 when the particle goes pair by pair. For the float32
 * kernels (GRID_ARG.float32) each factor stays within e^{±43} and the exponentials are computed in
 * WebAssembly SIMD and rounded to float32 (exponentialsFloat32 of
 * assembly/logistic-product-grid-float32.ts), each inner row padded with 0 to innerStride.
 */
export const logisticGridSplitShare: ShareKernel = {
  name: 'NeuronLogisticProductGridSplit',
  run(call, share, shares) {
    const { n, d, theta, grid, form, u, v, eu, ev } = gridShare(call);
    const { args, f64, f32, simd } = call;
    const { outerCount, innerCount } = grid;
    const exponentials = args[GRID_ARG.exponentials];
    const flags = args[GRID_ARG.flags];
    const float32 = args[GRID_ARG.float32] === 1;
    const innerStride = args[GRID_ARG.innerStride];
    // float32: u and v go to this share's scratch doubles for the SIMD exponentials.
    const uAt = args[GRID_ARG.scratch] + share * (2 * outerCount + 2 * innerCount + 2);
    const vAt = uAt + outerCount;
    for (let i = shareStart(n, share, shares), end = shareStart(n, share + 1, shares); i < end; i++) {
      splitPreActivation(theta, i * d, grid, u, v);
      if (!float32) {
        const split = fillSplitExponentials(form, u, outerCount, v, innerCount, eu, ev);
        f64[flags + i] = split ? 1 : 0;
        if (!split) continue;
        const row = exponentials + i * (outerCount + innerCount);
        for (let o = 0; o < outerCount; o++) f64[row + o] = eu[o];
        for (let k = 0; k < innerCount; k++) f64[row + outerCount + k] = ev[k];
        continue;
      }
      const shift = splitShift(form, u, outerCount, v, innerCount, FLOAT32_FACTOR_EXPONENT_LIMIT);
      f64[flags + i] = Number.isNaN(shift) ? 0 : 1;
      if (Number.isNaN(shift)) continue;
      for (let o = 0; o < outerCount; o++) f64[uAt + o] = u[o];
      for (let k = 0; k < innerCount; k++) f64[vAt + k] = v[k];
      // The float32 rows' index in the float32 view (the region's offset is in doubles).
      const row = 2 * exponentials + i * (outerCount + innerStride);
      simd.exponentialsFloat32(8 * uAt, outerCount, form.kappa, -shift, 4 * row);
      simd.exponentialsFloat32(8 * vAt, innerCount, form.kappa, shift, 4 * (row + outerCount));
      f32.fill(0, row + outerCount + innerCount, row + outerCount + innerStride);
    }
  },
};
