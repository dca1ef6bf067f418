import { shareStart, type ShareKernel } from '../threads/share-kernel';
import { GRID_ARG, gridShare } from './logistic-grid-layout';
import { splitPreActivation } from './product-grid-pre-activation';
import { FLOAT32_FACTOR_EXPONENT_LIMIT, fillSplitExponentials } from './split-exponentials';

/**
 * The work a product-grid forward and drift share at one θ (docs/architecture.md, "Tensor-product
 * grids"): for this share's particles, u_o and v_i (splitPreActivation) and the exponentials
 * e^{κ(u_o − s)}, e^{κ(v_i + s)} (fillSplitExponentials) into the exponentials region, with a flag
 * per particle: 1 when the split applies, 0 when the particle goes pair by pair. For the float32
 * kernels (GRID_ARG.float32) the same steps run in WebAssembly (splitFloat32 of
 * assembly/logistic-product-grid-float32.ts): each factor within e^{±43}, the exponentials in SIMD
 * rounded to float32, each inner row padded with 0 to innerStride.
 */
export const logisticGridSplitShare: ShareKernel = {
  name: 'NeuronLogisticProductGridSplit',
  run(call, share, shares) {
    const { args, f64, simd } = call;
    const a = GRID_ARG;
    const n = args[a.n];
    const i0 = shareStart(n, share, shares);
    const i1 = shareStart(n, share + 1, shares);
    if (args[a.float32] === 1) {
      const outerCount = args[a.outerCount];
      const innerCount = args[a.innerCount];
      // u and v go to this share's scratch doubles.
      const scratch = args[a.scratch] + share * (2 * outerCount + 2 * innerCount + 2);
      simd.splitFloat32(
        i0, i1, args[a.d], 8 * args[a.theta], 8 * args[a.outer], outerCount, args[a.outerDim], 8 * args[a.inner], innerCount,
        args[a.innerDim], args[a.kappa], FLOAT32_FACTOR_EXPONENT_LIMIT / Math.abs(args[a.kappa]), 8 * scratch, 8 * args[a.flags],
        8 * args[a.exponentials], args[a.innerStride],
      );
      return;
    }
    const { d, theta, grid, form, u, v, eu, ev } = gridShare(call);
    const { outerCount, innerCount } = grid;
    const rowLength = outerCount + innerCount;
    const exponentials = args[a.exponentials];
    const flags = args[a.flags];
    for (let i = i0; i < i1; i++) {
      splitPreActivation(theta, i * d, grid, u, v);
      const split = fillSplitExponentials(form, u, outerCount, v, innerCount, eu, ev);
      f64[flags + i] = split ? 1 : 0;
      if (!split) continue;
      const row = exponentials + i * rowLength;
      for (let o = 0; o < outerCount; o++) f64[row + o] = eu[o];
      for (let k = 0; k < innerCount; k++) f64[row + outerCount + k] = ev[k];
    }
  },
};
