import { compileWasmModule, instantiateWasm, type SharedMemory, type WasmModule } from '@mfpg/core/internal';
import { WASM_MODULE_BASE64 } from './module.generated';

/**
 * The exports of the monitor's WebAssembly module (assembly/sliced-w2.ts, compiled by
 * `npm run build:wasm`). Pointers are byte offsets into the shared memory the module imports.
 */
export interface SliceKernels {
  /** Projects, sorts and compares one block of up to four directions (assembly `sliceBlock`). */
  sliceBlock(a: number, b: number, n: number, dim: number, weights: number, count: number, scratch: number, sums: number): void;
  /** Bytes of per-thread scratch `sliceBlock` needs for n particles. */
  blockScratchBytes(n: number): number;
  /** Exact sort of n float64 given their min and max (assembly `sortExact`). */
  sortExact(values: number, n: number, min: number, max: number, scratch: number, counts: number): void;
}

let compiled: WasmModule | undefined;

/** The compiled module (compiled once per thread; a Module can be posted to workers). */
export function sliceModule(): WasmModule {
  return (compiled ??= compileWasmModule(WASM_MODULE_BASE64));
}

/** The kernels over `memory`. */
export function instantiateSliceKernels(module: WasmModule, memory: SharedMemory): SliceKernels {
  return instantiateWasm<SliceKernels>(module, memory);
}
