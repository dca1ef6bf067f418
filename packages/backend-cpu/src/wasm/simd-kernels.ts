import { WASM_MODULE_BASE64 } from './module.generated';

/** A compiled module (it can be posted to workers). */
export type WasmModule = object;

/** A shared WebAssembly memory. */
export interface SharedMemory {
  readonly buffer: SharedArrayBuffer;
  grow(pages: number): number;
}

/** The part of the WebAssembly JS API used here (@types/node 20 declares no WebAssembly values). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Memory: new (descriptor: { initial: number; maximum: number; shared: true }) => SharedMemory;
  Instance: new (module: WasmModule, imports: object) => { exports: unknown };
}
const wasm = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

/**
 * The exports of the cpu backend's WebAssembly module (assembly/*.ts, compiled by
 * `npm run build:wasm`). Pointers are byte offsets into the shared memory the module imports.
 */
export interface SimdKernels {
  /** assembly/neuron-float32.ts `forward`. */
  neuronFloat32Forward(
    n: number, p: number, ells: number, theta: number, thetaStride: number,
    points: number, pointStride: number, j0: number, j1: number, out: number, cache: number,
  ): void;
  /** assembly/neuron-float32.ts `driftSums`. */
  neuronFloat32DriftSums(
    i0: number, i1: number, p: number, theta: number, thetaStride: number, points: number, pointStride: number,
    weights: number, cache: number, slopes: number, out: number,
  ): void;
  /** assembly/logistic-product-grid.ts `addLogisticTerms`. */
  addLogisticTerms(scaled: number, eu: number, outerCount: number, ev: number, innerCount: number, out: number): void;
  /** assembly/logistic-product-grid.ts `logisticDriftSumsPair`. */
  logisticDriftSumsPair(
    euA: number, euB: number, evA: number, evB: number, outerCount: number, innerCount: number, weights: number,
    rowSlopePair: number, columnSlopePair: number, rSumPair: number,
  ): void;
}

/** Pages of 64 KiB the module may address (its declared maximum: 4 GiB). */
export const MAX_PAGES = 65536;
const PAGE_BYTES = 65536;

let compiled: WasmModule | undefined;

/** The compiled module (compiled once per thread; a Module can be posted to workers). */
export function simdModule(): WasmModule {
  return (compiled ??= new wasm.Module(Buffer.from(WASM_MODULE_BASE64, 'base64')));
}

/** A shared memory of at least `bytes` bytes that the module can import. */
export function createSharedMemory(bytes: number): SharedMemory {
  return new wasm.Memory({ initial: Math.ceil(bytes / PAGE_BYTES), maximum: MAX_PAGES, shared: true });
}

/** Grows `memory` to at least `bytes` bytes (its buffer object changes; views must be remade). */
export function ensureMemory(memory: SharedMemory, bytes: number): void {
  const have = memory.buffer.byteLength;
  if (have >= bytes) return;
  if (bytes > MAX_PAGES * PAGE_BYTES) {
    throw new RangeError(`CpuBackend: a kernel call needs ${bytes} bytes of shared memory, more than the 4 GiB WebAssembly can address`);
  }
  const pages = Math.ceil(Math.max(bytes, Math.min(2 * have, MAX_PAGES * PAGE_BYTES)) / PAGE_BYTES);
  memory.grow(pages - have / PAGE_BYTES);
}

/** The kernels over `memory`. */
export function instantiateSimd(module: WasmModule, memory: SharedMemory): SimdKernels {
  return new wasm.Instance(module, { env: { memory } }).exports as unknown as SimdKernels;
}
