import { shareStart, type ShareKernel } from '../threads/share-kernel';
import { GRID_ARG, shareScratch } from './logistic-grid-layout';
import { FLOAT32_FACTOR_EXPONENT_LIMIT, FLOAT64_FACTOR_EXPONENT_LIMIT } from './split-exponentials';

/**
 * The work a product-grid forward and drift share at one θ (docs/architecture.md, "Tensor-product
 * grids"): for this share's particles, u_o and v_i (the order of splitPreActivation), the shift s
 * of the factor exponents (split-exponentials.ts) and the exponentials e^{κ(u_o − s)}, e^{κ(v_i + s)}
 * into the exponentials region, with a flag per particle: 1 when the split applies, 0 when the
 * particle goes pair by pair. One WebAssembly call per share: splitFloat64
 * (assembly/logistic-product-grid-split.ts, exponentials by expV8, V8's Math.exp bit for bit) or,
 * for the float32 kernels (GRID_ARG.float32), splitFloat32 (assembly/logistic-product-grid-float32.ts:
 * each factor within e^{±43}, rounded to float32, each inner row padded with 0 to innerStride).
 */
export const logisticGridSplitShare: ShareKernel = {
  name: 'NeuronLogisticProductGridSplit',
  run(call, share, shares) {
    const { args, simd } = call;
    const a = GRID_ARG;
    const n = args[a.n];
    const i0 = shareStart(n, share, shares);
    const i1 = shareStart(n, share + 1, shares);
    const outerCount = args[a.outerCount];
    const innerCount = args[a.innerCount];
    const kappa = args[a.kappa];
    // u and v go to this share's scratch doubles.
    const scratch = 8 * shareScratch(args, share);
    const theta = 8 * args[a.theta];
    const outer = 8 * args[a.outer];
    const inner = 8 * args[a.inner];
    const flags = 8 * args[a.flags];
    const exponentials = 8 * args[a.exponentials];
    const d = args[a.d];
    const outerDim = args[a.outerDim];
    const innerDim = args[a.innerDim];
    if (args[a.float32] === 1) {
      const limit = FLOAT32_FACTOR_EXPONENT_LIMIT / Math.abs(kappa);
      simd.splitFloat32(
        i0, i1, d, theta, outer, outerCount, outerDim, inner, innerCount, innerDim, kappa, limit, scratch, flags, exponentials, args[a.innerStride],
      );
    } else {
      const limit = FLOAT64_FACTOR_EXPONENT_LIMIT / Math.abs(kappa);
      simd.splitFloat64(i0, i1, d, theta, outer, outerCount, outerDim, inner, innerCount, innerDim, kappa, limit, scratch, flags, exponentials);
    }
  },
};
