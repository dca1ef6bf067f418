import { shareStart, type ShareKernel } from '../threads/share-kernel';
import { GRID_ARG, gridShare } from './logistic-grid-layout';
import { directDriftSums } from './product-grid-direct';
import { writeProductGridGradient } from './product-grid-gradient';
import { splitPreActivation } from './product-grid-pre-activation';

/**
 * D F(ν, θ_i) on a product grid for this share's particles, after logisticGridSplitShare. Per pair,
 * with E = e^{κu_o}·e^{κv_i} and r = 1/(1 + E): Σ W ϱ = α Σ W + β Σ W r and W ϱ' = γ·(W r)·(E r), so
 * a pair costs one divide and five multiply-adds; ϱ' sums go to the pair's row and column (the w_S
 * and w_A components factor through them, writeProductGridGradient). Particles run two at a time,
 * one per f64x2 lane (logisticDriftSumsPair of assembly/logistic-product-grid.ts): each lane
 * performs the scalar loop's operations in its order, so every particle's sums are the same bits
 * however particles are paired or shared out.
 *
 * Accuracy: E, r and E·r are within 5, 7 and 13·2^−53 relative of their exact values, so each
 * ϱ'(z) = γ·r·(E·r) is within 22·2^−53 relative, and within 32·2^−53 relative of the activation's
 * derivative at the same z; each ϱ(z) is within 8·2^−53 absolute and z carries the ordering error
 * of logistic-grid-forward-share.ts. α Σ W + β Σ W r is accurate relative to Σ|W|, not to |Σ W ϱ|.
 */
export const logisticGridDriftShare: ShareKernel = {
  name: 'NeuronLogisticProductGridDrift',
  run(call, share, shares) {
    const { d, theta, grid, form, u, v } = gridShare(call);
    const { args, f64, simd, scratch } = call;
    const a = GRID_ARG;
    const { outerCount, innerCount } = grid;
    const rowLength = outerCount + innerCount;
    const m = args[a.pointCount];
    const weights = args[a.weights];
    const out = args[a.out];
    const ells = args[a.ells];
    const ellSlopes = args[a.ellSlopes];
    const exponentials = args[a.exponentials];
    const flags = args[a.flags];
    const rowSlope = scratch.grow('rowSlope', outerCount);
    const columnSlope = scratch.grow('columnSlope', innerCount);
    // This share's lanes of row slopes, column slopes and rSum (interleaved, one per lane).
    const rowSlopeAt = args[a.scratch] + share * (2 * outerCount + 2 * innerCount + 2);
    const columnSlopeAt = rowSlopeAt + 2 * outerCount;
    const rSumAt = columnSlopeAt + 2 * innerCount;
    let weightSum = 0;
    for (let j = 0; j < m; j++) weightSum += f64[weights + j];
    const rowAt = (i: number) => exponentials + i * rowLength;
    const runLanes = (first: number, second: number) =>
      simd.logisticDriftSumsPair(
        8 * rowAt(first), 8 * rowAt(second), 8 * (rowAt(first) + outerCount), 8 * (rowAt(second) + outerCount),
        outerCount, innerCount, 8 * weights, 8 * rowSlopeAt, 8 * columnSlopeAt, 8 * rSumAt,
      );
    const finishLane = (lane: number, i: number) => {
      for (let o = 0; o < outerCount; o++) rowSlope[o] = f64[rowSlopeAt + 2 * o + lane];
      for (let k = 0; k < innerCount; k++) columnSlope[k] = f64[columnSlopeAt + 2 * k + lane];
      const valueSum = form.alpha * weightSum + form.beta * f64[rSumAt + lane];
      writeProductGridGradient(grid, out + i * d, f64[ellSlopes + i], valueSum, form.gamma * f64[ells + i], rowSlope, columnSlope, f64);
    };
    /** The particle waiting for a partner in lane 1 (−1: none). */
    let pending = -1;
    for (let i = shareStart(args[a.n], share, shares), end = shareStart(args[a.n], share + 1, shares); i < end; i++) {
      if (f64[flags + i] !== 0) {
        if (pending < 0) {
          pending = i;
          continue;
        }
        runLanes(pending, i);
        finishLane(0, pending);
        finishLane(1, i);
        pending = -1;
        continue;
      }
      splitPreActivation(theta, i * d, grid, u, v);
      columnSlope.fill(0, 0, innerCount);
      const valueSum = directDriftSums(form, u, outerCount, v, innerCount, f64, weights, rowSlope, columnSlope);
      writeProductGridGradient(grid, out + i * d, f64[ellSlopes + i], valueSum, f64[ells + i], rowSlope, columnSlope, f64);
    }
    if (pending >= 0) {
      // An odd particle out: lane 1 repeats it and is ignored.
      runLanes(pending, pending);
      finishLane(0, pending);
    }
  },
};
