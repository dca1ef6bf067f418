// The monitor's WebAssembly kernels (compiled by `npm run build:wasm`, scripts/build-wasm.ts).
export { sliceBlock, blockScratchBytes, sortExact } from './sliced-w2';
