import { shareStart, type ShareKernel } from '../threads/share-kernel';
import { GRID_ARG, gridShare } from './logistic-grid-layout';
import { addForwardTerms } from './grid-forward-terms';

/**
 * f_ν on a product grid for this share's outer rows [o0, o1), after logisticGridSplitShare: per
 * particle, ℓ·ϱ(z_oi) = ℓα + ℓβ/(1 + e^{κu_o}·e^{κv_i}), so the constant ℓα is summed once and each
 * pair costs a multiply, an add and a divide, two pairs at a time in WebAssembly SIMD
 * (addLogisticTerms of assembly/logistic-product-grid.ts, through addForwardTerms). Each f_j sums the particles in index
 * order, whatever the rows' partition. Particles flagged 0 go pair by pair through the form
 * (logisticValue).
 *
 * Accuracy: E = e^{κu}·e^{κv} is within 5·2^−53 relative of e^{κz} (two exponentials within one
 * ulp each, one product); with the add and the divide, ϱ(z) is then within 5.4·2^−53 (tanh) or
 * 2.5·2^−53 (σ) of its exact value, so within 8·2^−53 of Math.tanh(z) or
 * SigmoidActivation.value(z). z itself is summed as u + v (for a shifted split (u − s) + (v + s)),
 * not as w·x + b: |Δz| ≤ (p + 5)·2^−53·max_j(|b| + Σ_k |w_k x_jk|), which moves ϱ by |ϱ'|·|Δz|.
 */
export const logisticGridForwardShare: ShareKernel = {
  name: 'NeuronLogisticProductGridForward',
  run(call, share, shares) {
    const view = gridShare(call);
    const { n, grid } = view;
    const { args, f64 } = call;
    const { outerCount, innerCount } = grid;
    const out = args[GRID_ARG.out];
    const o0 = shareStart(outerCount, share, shares);
    const o1 = shareStart(outerCount, share + 1, shares);
    for (let j = o0 * innerCount; j < o1 * innerCount; j++) f64[out + j] = 0;
    const constant = addForwardTerms(call, view, o0, o1, f64, out + o0 * innerCount, innerCount, false);
    const scale = 1 / n;
    for (let j = o0 * innerCount; j < o1 * innerCount; j++) f64[out + j] = (f64[out + j] + constant) * scale;
  },
};
