// The cpu backend's WebAssembly kernels (compiled by `npm run build:wasm`, scripts/build-wasm.ts).
export { forward as neuronFloat32Forward, driftSums as neuronFloat32DriftSums } from './neuron-float32';
export { addLogisticTerms, logisticGridDrift } from './logistic-product-grid';
export { exponentialsFloat64, splitFloat64 } from './logistic-product-grid-split';
export { expNonPositivePair, logisticValueSlopePair, logisticForward, logisticDriftSums } from './logistic-general';
export { exponentialsFloat32, splitFloat32, addLogisticTermsFloat32, logisticDriftSumsFloat32 } from './logistic-product-grid-float32';
