import { shareStart, type ShareKernel } from '../threads/share-kernel';

/**
 * Arguments of the general-point logistic share kernels (ShareHeader.args): sizes, the byte offsets
 * of logisticGeneralLayout (neuron-logistic-general.ts) and the logistic form α, β, γ, κ.
 */
export const GENERAL_ARG = {
  n: 0, d: 1, ells: 2, theta: 3, points: 4, pointStride: 5, weights: 6, out: 7, scratch: 8, scratchBytes: 9,
  alpha: 10, beta: 11, gamma: 12, kappa: 13,
} as const;

/**
 * The forward's pair loop (assembly/logistic-general.ts `logisticForward`) over this share's
 * points, two per instruction; each point's sum runs over the particles in index order.
 */
export const logisticGeneralForwardShare: ShareKernel = {
  name: 'NeuronLogisticForward',
  run({ args, simd }, share, shares) {
    const a = GENERAL_ARG;
    const d = args[a.d];
    const blocks = args[a.pointStride] / 2;
    const b0 = shareStart(blocks, share, shares);
    const b1 = shareStart(blocks, share + 1, shares);
    simd.logisticForward(
      args[a.n], d, d - 2, args[a.ells], args[a.theta], args[a.points], args[a.pointStride],
      2 * b0, 2 * b1, args[a.out], args[a.alpha], args[a.beta], args[a.kappa],
    );
  },
};

/**
 * The drift's sums (`logisticDriftSums`) for this share's particles, on the share's own scratch;
 * each particle's sums run over the points in index order.
 */
export const logisticGeneralDriftShare: ShareKernel = {
  name: 'NeuronLogisticDrift',
  run({ args, simd }, share, shares) {
    const a = GENERAL_ARG;
    const n = args[a.n];
    const d = args[a.d];
    simd.logisticDriftSums(
      shareStart(n, share, shares), shareStart(n, share + 1, shares), d, d - 2, args[a.theta], args[a.points],
      args[a.pointStride], args[a.weights], args[a.scratch] + share * args[a.scratchBytes], args[a.out],
      args[a.alpha], args[a.beta], args[a.gamma], args[a.kappa],
    );
  },
};
