import { shareStart, type ShareKernel } from '../threads/share-kernel';
import { GRID_ARG, gridShare, shareScratch } from './logistic-grid-layout';
import { driftUnsplitParticles } from './product-grid-direct';
import { writeProductGridGradient } from './product-grid-gradient';

/**
 * D F(ν, θ_i) on a product grid in float32 for this share's particles, after logisticGridSplitShare
 * with float32 exponentials: per particle Σ W r, and ϱ'/γ = (W r)·(E r) summed into rows and columns
 * (logisticDriftSumsFloat32 of assembly/logistic-product-grid-float32.ts, four grid points per
 * f32x4, W as float32 rows), then α Σ W + β Σ W r and the gradient (writeProductGridGradient) in
 * float64, as logistic-grid-drift-share.ts. A particle's sums depend only on its own row, so the
 * split among threads changes no bit. Particles flagged 0 go pair by pair in float64
 * (driftUnsplitParticles).
 *
 * Accuracy (u = 2^−24): E within 3u relative, r = 1/(1 + E) within 5u, E·r within 9u, so each
 * (W r)·(E r) is within 16u relative of W ϱ'(z)/γ (|ϱ'| ≤ 1 for tanh and sigmoid: inside the
 * float32 model's 32u per slope), each W r within 6u.
 */
export const logisticGridFloat32DriftShare: ShareKernel = {
  name: 'NeuronLogisticProductGridFloat32Drift',
  run(call, share, shares) {
    const { args, f64, f32, simd, scratch } = call;
    const a = GRID_ARG;
    const outerCount = args[a.outerCount];
    const innerCount = args[a.innerCount];
    const innerStride = args[a.innerStride];
    const rowLength = outerCount + innerStride;
    const m = args[a.pointCount];
    const weights = args[a.weights];
    const out = args[a.out];
    const ells = args[a.ells];
    const ellSlopes = args[a.ellSlopes];
    const exponentials = 2 * args[a.exponentials];
    const flags = args[a.flags];
    const alpha = args[a.alpha];
    const beta = args[a.beta];
    const gamma = args[a.gamma];
    const { d, grid } = gridShare(call);
    const rowSlope = scratch.grow('rowSlope', outerCount);
    const columnSlope = scratch.grow('columnSlope', innerCount);
    // This share's float32 row slopes (O) and column slopes (innerStride, 16-byte aligned).
    const rowSlopeAt = 2 * shareScratch(args, share);
    const columnSlopeAt = rowSlopeAt + Math.ceil(outerCount / 4) * 4;
    let weightSum = 0;
    for (let j = 0; j < m; j++) weightSum += f64[weights + j];
    const i0 = shareStart(args[a.n], share, shares);
    const i1 = shareStart(args[a.n], share + 1, shares);
    for (let i = i0; i < i1; i++) {
      if (f64[flags + i] === 0) continue;
      const row = exponentials + i * rowLength;
      const rSum = simd.logisticDriftSumsFloat32(
        4 * row, 4 * (row + outerCount), outerCount, innerStride, 8 * args[a.weights32], 4 * rowSlopeAt, 4 * columnSlopeAt,
      );
      for (let o = 0; o < outerCount; o++) rowSlope[o] = f32[rowSlopeAt + o];
      for (let k = 0; k < innerCount; k++) columnSlope[k] = f32[columnSlopeAt + k];
      const valueSum = alpha * weightSum + beta * rSum;
      writeProductGridGradient(grid, out + i * d, f64[ellSlopes + i], valueSum, gamma * f64[ells + i], rowSlope, columnSlope, f64);
    }
    driftUnsplitParticles(call, i0, i1);
  },
};
