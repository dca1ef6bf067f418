import { shareStart, type ShareKernel } from '../threads/share-kernel';
import { GRID_ARG, gridShare } from './logistic-grid-layout';
import { addForwardTerms } from './grid-forward-terms';

/**
 * f_ν on a product grid in float32 for this share's outer rows [o0, o1), after
 * logisticGridSplitShare with float32 exponentials: ℓ·ϱ(z_oi) = ℓα + ℓβ/(1 + e^{κu_o}·e^{κv_i}) as
 * in logistic-grid-forward-share.ts, the ℓβ terms four grid points per f32x4 and summed in float32
 * (addLogisticTermsFloat32 of assembly/logistic-product-grid-float32.ts, through addForwardTerms),
 * particles in index order whatever the rows' partition. ℓα, 1/N and the final sum are float64; particles flagged 0 add
 * their float64 ℓ·ϱ from the form pair by pair.
 *
 * Accuracy (u = 2^−24): ℓβ, e^{κu} and e^{κv} are rounded once each and E once more, so E is within
 * 3u relative; 1 + E and the divide add 2u: each term within 6u·|ℓβr| ≤ 12u·|ℓ| for |βr| ≤ 2 (tanh,
 * sigmoid), inside the float32 model's 16u·|ℓ|(1 + |ϱ|) per value (testing/float32-tolerance.ts);
 * z is float64 before the exponentials (u/|κ| after their rounding).
 */
export const logisticGridFloat32ForwardShare: ShareKernel = {
  name: 'NeuronLogisticProductGridFloat32Forward',
  run(call, share, shares) {
    const view = gridShare(call);
    const { n, grid } = view;
    const { args, f64, f32 } = call;
    const a = GRID_ARG;
    const { outerCount, innerCount } = grid;
    const innerStride = args[a.innerStride];
    // The float32 sums by their index in the float32 view (the offset is in doubles).
    const sums = 2 * args[a.out32];
    const o0 = shareStart(outerCount, share, shares);
    const o1 = shareStart(outerCount, share + 1, shares);
    f32.fill(0, sums + o0 * innerStride, sums + o1 * innerStride);
    const constant = addForwardTerms(call, view, o0, o1, f32, sums + o0 * innerStride, innerStride, true);
    const out = args[a.out];
    const scale = 1 / n;
    for (let o = o0; o < o1; o++) {
      for (let k = 0; k < innerCount; k++) f64[out + o * innerCount + k] = (f32[sums + o * innerStride + k] + constant) * scale;
    }
  },
};
