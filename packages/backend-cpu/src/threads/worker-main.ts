// The worker threads' program (worker-pool.ts): bundled with the modules it imports into
// worker-source.generated.ts by `npm run build:worker` (scripts/build-worker.ts), so a worker runs
// the very modules the main thread runs, from the built dist and from TypeScript sources alike.
// Node-only: node:worker_threads (a browser build would start the same bundle in a Web Worker).
import { workerData } from 'node:worker_threads';
import type { SharedMemory, WasmModule } from '@mfpg/core/internal';
import { CONTROL, OP, runShare } from './worker-share';

interface WorkerData {
  readonly control: SharedArrayBuffer;
  readonly memory: SharedMemory;
  readonly module: WasmModule;
  readonly share: number;
}

/** The part of the WebAssembly JS API a worker uses (core's wasm-runtime.ts is not bundled here). */
interface WebAssemblyApi {
  Instance: new (module: WasmModule, imports: object) => { exports: unknown };
}
const wasm = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

const { control: controlBuffer, memory, module, share } = workerData as WorkerData;
const control = new Int32Array(controlBuffer);
const simd = new wasm.Instance(module, { env: { memory } }).exports as Parameters<typeof runShare>[4];
let data = new Float64Array(memory.buffer);
const scratch: Record<string, Float64Array> = {};
let seen = 0;
Atomics.add(control, CONTROL.ready, 1);
Atomics.notify(control, CONTROL.ready);
for (;;) {
  // Sleeps until the main thread bumps the generation; a grown memory is seen through memory.buffer.
  Atomics.wait(control, CONTROL.generation, seen);
  seen = Atomics.load(control, CONTROL.generation);
  if (data.byteLength !== memory.buffer.byteLength) data = new Float64Array(memory.buffer);
  if (control[CONTROL.op] === OP.stop) break;
  try {
    runShare(control, data, share, scratch, simd);
  } catch {
    Atomics.store(control, CONTROL.failed, 1);
  }
  if (Atomics.sub(control, CONTROL.pending, 1) === 1) Atomics.notify(control, CONTROL.pending);
}
