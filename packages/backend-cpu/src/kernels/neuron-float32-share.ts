import { shareStart, type ShareKernel } from '../threads/share-kernel';

/**
 * Arguments of the float32 share kernels (ShareHeader.args): sizes, byte offsets of the float32
 * rows (neuron-float32.ts) and the tanh cache's mode: 0 off, 1 the forward writes tanh(z_ij) there,
 * 2 the drift reads it.
 */
export const FLOAT32_ARG = {
  n: 0, p: 1, ells: 2, theta: 3, thetaStride: 4, points: 5, pointStride: 6, weights: 7, out: 8, scratch: 9, cache: 10, cacheMode: 11,
} as const;

/** The float32 forward (assembly/neuron-float32.ts `forward`) over this share's blocks of four points. */
export const neuronFloat32ForwardShare: ShareKernel = {
  name: 'NeuronFloat32Forward',
  run({ args, simd }, share, shares) {
    const a = FLOAT32_ARG;
    const blocks = args[a.pointStride] / 4;
    simd.neuronFloat32Forward(
      args[a.n], args[a.p], args[a.ells], args[a.theta], args[a.thetaStride], args[a.points], args[a.pointStride],
      4 * shareStart(blocks, share, shares), 4 * shareStart(blocks, share + 1, shares), args[a.out],
      args[a.cacheMode] === 1 ? args[a.cache] : 0,
    );
  },
};

/** The float32 drift sums (`driftSums`) over this share's particles, each share with its own row of slopes. */
export const neuronFloat32DriftShare: ShareKernel = {
  name: 'NeuronFloat32Drift',
  run({ args, simd }, share, shares) {
    const a = FLOAT32_ARG;
    const n = args[a.n];
    simd.neuronFloat32DriftSums(
      shareStart(n, share, shares), shareStart(n, share + 1, shares), args[a.p], args[a.theta], args[a.thetaStride],
      args[a.points], args[a.pointStride], args[a.weights], args[a.cacheMode] === 2 ? args[a.cache] : 0,
      args[a.scratch] + 4 * share * args[a.pointStride], args[a.out],
    );
  },
};
