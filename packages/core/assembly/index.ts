// @mfpg/core's WebAssembly kernels (compiled by `npm run build:wasm`, scripts/build-wasm.ts).
export { nearestSquaredDistances } from './knn';
export { skylineFactor, skylineSolve, skylineSolveTransposed } from './skyline';
