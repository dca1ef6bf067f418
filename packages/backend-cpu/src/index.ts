/**
 * @mfpg/backend-cpu: the CPU particle backend (`backend.name=cpu`): float64 reference kernels,
 * tensor-product grids, WebAssembly SIMD, worker threads and a float32 path. The kernels, their
 * registry and the worker pools are implementation details and are not exported.
 * @packageDocumentation
 */
export * from './cpu-backend';
export * from './cpu-backend-module';
