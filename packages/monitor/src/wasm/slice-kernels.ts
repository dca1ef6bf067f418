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

/** Pages of 64 KiB the module may address (its declared maximum: 4 GiB). */
const MAX_PAGES = 65536;
const PAGE_BYTES = 65536;

let compiled: WasmModule | undefined;

/** The compiled module (compiled once per thread; a Module can be posted to workers). */
export function sliceModule(): WasmModule {
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
    throw new RangeError(`SlicedW2: clouds this large need ${bytes} bytes of WebAssembly memory, more than the 4 GiB it can address`);
  }
  const pages = Math.ceil(Math.max(bytes, Math.min(2 * have, MAX_PAGES * PAGE_BYTES)) / PAGE_BYTES);
  memory.grow(pages - have / PAGE_BYTES);
}

/** The kernels over `memory`. */
export function instantiateSliceKernels(module: WasmModule, memory: SharedMemory): SliceKernels {
  return new wasm.Instance(module, { env: { memory } }).exports as unknown as SliceKernels;
}
