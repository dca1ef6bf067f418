import { shareStart, type ShareKernel } from '../threads/share-kernel';
import { GRID_ARG, gridShare } from './logistic-grid-layout';
import { splitPreActivation } from './product-grid-pre-activation';
import { fillSplitExponentials } from './split-exponentials';

/**
 * The work a product-grid forward and drift share at one θ (docs/architecture.md, "Tensor-product
 * grids"): for this share's particles, u_o and v_i (splitPreActivation) and the exponentials
 * e^{κ(u_o − s)}, e^{κ(v_i + s)} (fillSplitExponentials) into the exponentials region, with a flag
 * per particle: 1 when the split applies, 0 when the particle goes pair by pair.
 */
export const logisticGridSplitShare: ShareKernel = {
  name: 'NeuronLogisticProductGridSplit',
  run(call, share, shares) {
    const { n, d, theta, grid, form, u, v, eu, ev } = gridShare(call);
    const { args, f64 } = call;
    const { outerCount, innerCount } = grid;
    const rowLength = outerCount + innerCount;
    const exponentials = args[GRID_ARG.exponentials];
    const flags = args[GRID_ARG.flags];
    for (let i = shareStart(n, share, shares), end = shareStart(n, share + 1, shares); i < end; i++) {
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
