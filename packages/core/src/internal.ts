/**
 * @mfpg/core/internal: what the mfpg packages share but users do not call — the WebAssembly
 * runtime and its shared memories, the worker-thread barriers, the rational tanh and the sine of
 * the float32 kernels. No stability promise: these change with the packages that use them. (These modules keep
 * no state, so the copy bundled into this entry point is interchangeable with any other.)
 * @packageDocumentation
 */
export * from './wasm/wasm-runtime';
export * from './threads/worker-barrier';
export * from './math/rational-tanh';
export * from './math/float32-sine';
