/**
 * The WebAssembly plumbing every package's kernels share (backend-cpu, monitor, core's k-NN): the
 * modules are AssemblyScript compiled by `npm run build:wasm` (scripts/build-wasm.ts) with SIMD and
 * an imported *shared* memory, no allocator and no data segments, so JS owns the memory layout and
 * passes byte offsets, and the same memory can be posted to worker threads.
 */

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

/** Pages of 64 KiB a module may address (the declared maximum of every module: 4 GiB). */
export const WASM_MAX_PAGES = 65536;
const PAGE_BYTES = 65536;

/**
 * Compiles a module from its base64 text (module.generated.ts of a package). Decoded with `atob`,
 * which Node (≥ 16) and browsers both have, so the kernels load in the browser playground too.
 */
export function compileWasmModule(base64: string): WasmModule {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let k = 0; k < text.length; k++) bytes[k] = text.charCodeAt(k);
  return new wasm.Module(bytes);
}

/** A shared memory of at least `bytes` bytes that the modules can import. */
export function createSharedMemory(bytes: number): SharedMemory {
  return new wasm.Memory({ initial: Math.max(1, Math.ceil(bytes / PAGE_BYTES)), maximum: WASM_MAX_PAGES, shared: true });
}

/**
 * Grows `memory` to at least `bytes` bytes, at least doubling (its buffer object changes: views must
 * be remade). `what` names the caller in the error for sizes WebAssembly cannot address.
 */
export function ensureMemory(memory: SharedMemory, bytes: number, what: string): void {
  const have = memory.buffer.byteLength;
  if (have >= bytes) return;
  if (bytes > WASM_MAX_PAGES * PAGE_BYTES) {
    throw new RangeError(`${what} needs ${bytes} bytes of WebAssembly memory, more than the 4 GiB it can address`);
  }
  const pages = Math.ceil(Math.max(bytes, Math.min(2 * have, WASM_MAX_PAGES * PAGE_BYTES)) / PAGE_BYTES);
  memory.grow(pages - have / PAGE_BYTES);
}

/** The exports of `module` instantiated over `memory`, typed as `Exports`. */
export function instantiateWasm<Exports>(module: WasmModule, memory: SharedMemory): Exports {
  return new wasm.Instance(module, { env: { memory } }).exports as Exports;
}
