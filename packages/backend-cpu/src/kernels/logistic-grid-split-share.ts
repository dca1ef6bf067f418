import { shareStart, type ShareKernel } from '../threads/share-kernel';
import { GRID_ARG, gridShare } from './logistic-grid-layout';
import { splitPreActivation } from './product-grid-pre-activation';
import { FLOAT32_FACTOR_EXPONENT_LIMIT, fillSplitExponentials } from './split-exponentials';

/**
 * The work a product-grid forward and drift share at one θ (docs/architecture.md, "Tensor-product
 * grids"): for this share's particles, u_o and v_i (splitPreActivation) and the exponentials
 * e^{κ(u_o − s)}, e^{κ(v_i + s)} (fillSplitExponentials) into the exponentials region, with a flag
 * per particle: 1 when the split applies, 0 when the particle goes pair by pair. For the float32
 * kernels (GRID_ARG.float32) the exponentials are rounded to float32, each factor within e^{±43},
 * and each inner row is padded with 0 to innerStride.
 */
export const logisticGridSplitShare: ShareKernel = {
  name: 'NeuronLogisticProductGridSplit',
  run(call, share, shares) {
    const { n, d, theta, grid, form, u, v, eu, ev } = gridShare(call);
    const { args, f64, f32 } = call;
    const { outerCount, innerCount } = grid;
    const float32 = args[GRID_ARG.float32] === 1;
    const innerStride = args[GRID_ARG.innerStride];
    const rowLength = outerCount + innerStride;
    // The float32 rows' index in the float32 view (the region's offset is in doubles).
    const exponentials = float32 ? 2 * args[GRID_ARG.exponentials] : args[GRID_ARG.exponentials];
    const memory = float32 ? f32 : f64;
    const flags = args[GRID_ARG.flags];
    for (let i = shareStart(n, share, shares), end = shareStart(n, share + 1, shares); i < end; i++) {
      splitPreActivation(theta, i * d, grid, u, v);
      const split = fillSplitExponentials(form, u, outerCount, v, innerCount, eu, ev, float32 ? FLOAT32_FACTOR_EXPONENT_LIMIT : undefined);
      f64[flags + i] = split ? 1 : 0;
      if (!split) continue;
      const row = exponentials + i * rowLength;
      for (let o = 0; o < outerCount; o++) memory[row + o] = eu[o];
      for (let k = 0; k < innerCount; k++) memory[row + outerCount + k] = ev[k];
      for (let k = innerCount; k < innerStride; k++) memory[row + outerCount + k] = 0;
    }
  },
};
