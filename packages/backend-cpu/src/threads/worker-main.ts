// The worker threads' program (worker-pool.ts): bundled with the modules it imports into
// worker-source.generated.ts by `npm run build:worker` (scripts/build-worker.ts), so a worker runs
// the very share kernels the main thread runs, from the built dist and from TypeScript sources alike.
// Node-only: node:worker_threads (a browser build would start the same bundle in a Web Worker).
import { workerData } from 'node:worker_threads';
import type { SharedMemory, WasmModule } from '@mfpg/core/internal';
import type { SimdKernels } from '../wasm/simd-kernels';
import { ShareHeader, SLOT } from './share-header';
import { shareKernelNamedIn } from './share-kernels';
import { ShareViews } from './share-views';

interface WorkerData {
  readonly header: SharedArrayBuffer;
  readonly memory: SharedMemory;
  readonly module: WasmModule;
  readonly share: number;
}

/** The part of the WebAssembly JS API a worker uses (core's wasm-runtime.ts is not bundled here). */
interface WebAssemblyApi {
  Instance: new (module: WasmModule, imports: object) => { exports: unknown };
}
const wasm = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

const { header: headerBuffer, memory, module, share } = workerData as WorkerData;
const header = new ShareHeader(headerBuffer);
const slots = header.slots;
const simd = new wasm.Instance(module, { env: { memory } }).exports as SimdKernels;
const views = new ShareViews(memory, header.args, simd);
let seen = 0;
Atomics.add(slots, SLOT.ready, 1);
Atomics.notify(slots, SLOT.ready);
for (;;) {
  // Sleeps until the main thread bumps the generation; a grown memory is seen through memory.buffer.
  Atomics.wait(slots, SLOT.generation, seen);
  seen = Atomics.load(slots, SLOT.generation);
  if (slots[SLOT.nameLength] === 0) break;
  try {
    shareKernelNamedIn(header).run(views.refresh(), share, slots[SLOT.shares]);
  } catch {
    Atomics.store(slots, SLOT.failed, 1);
  }
  if (Atomics.sub(slots, SLOT.pending, 1) === 1) Atomics.notify(slots, SLOT.pending);
}
