import { shareStart, type ShareKernel } from '../threads/share-kernel';
import { GRID_ARG, shareScratch } from './logistic-grid-layout';
import { driftUnsplitParticles } from './product-grid-direct';

/**
 * D F(ν, θ_i) on a product grid for this share's particles, after logisticGridSplitShare. Per pair,
 * with E = e^{κu_o}·e^{κv_i} and r = 1/(1 + E): Σ W ϱ = α Σ W + β Σ W r and W ϱ' = γ·(W r)·(E r), so
 * a pair costs one divide and five multiply-adds; ϱ' sums go to the pair's row and column (the w_S
 * and w_A components factor through them, as in writeProductGridGradient). One WebAssembly call per
 * share (logisticGridDrift of assembly/logistic-product-grid.ts) runs the split particles two at a
 * time, one per f64x2 lane, sums and gradient: each lane performs the scalar reference's operations
 * in its order (testing/product-grid-reference.ts), so every particle's row is the same bits however
 * particles are paired or shared out. Particles flagged 0 go pair by pair (driftUnsplitParticles).
 *
 * Accuracy: E, r and E·r are within 5, 7 and 13·2^−53 relative of their exact values, so each
 * ϱ'(z) = γ·r·(E·r) is within 22·2^−53 relative, and within 32·2^−53 relative of the activation's
 * derivative at the same z; each ϱ(z) is within 8·2^−53 absolute and z carries the ordering error
 * of logistic-grid-forward-share.ts. α Σ W + β Σ W r is accurate relative to Σ|W|, not to |Σ W ϱ|.
 */
export const logisticGridDriftShare: ShareKernel = {
  name: 'NeuronLogisticProductGridDrift',
  run(call, share, shares) {
    const { args, simd } = call;
    const a = GRID_ARG;
    const i0 = shareStart(args[a.n], share, shares);
    const i1 = shareStart(args[a.n], share + 1, shares);
    const outerCount = args[a.outerCount];
    const innerCount = args[a.innerCount];
    simd.logisticGridDrift(
      i0, i1, args[a.d], 8 * args[a.flags], 8 * args[a.exponentials], 8 * args[a.outer], outerCount, args[a.outerDim],
      8 * args[a.inner], innerCount, args[a.innerDim], 8 * args[a.weights], 8 * args[a.ells], 8 * args[a.ellSlopes], 8 * args[a.out],
      8 * shareScratch(args, share), args[a.alpha], args[a.beta], args[a.gamma],
    );
    driftUnsplitParticles(call, i0, i1);
  },
};
