import { Worker } from 'node:worker_threads';
import { awaitPending, awaitWorkersReady, createSharedMemory } from '@mfpg/core/internal';
import { instantiateSimd, simdModule } from '../wasm/simd-kernels';
import { ShareHeader, SLOT } from './share-header';
import type { ShareCall, ShareKernel } from './share-kernel';
import { reserveViews, type ShareRunner } from './share-runner';
import { ShareViews } from './share-views';
import { WORKER_SOURCE } from './worker-source.generated';

/**
 * Smallest number of particle–point pairs worth waking the workers for: below it one call is a few
 * tens of microseconds, about what waking a sleeping worker costs, so the main thread runs it alone
 * (the same numbers either way: results never depend on the thread count).
 */
export const PARALLEL_PAIRS = 1 << 16;

/** How long the first parallel kernel call waits for the workers to start. */
const STARTUP_MS = 20_000;

/**
 * T threads over one shared WebAssembly memory: the main thread runs share 0 and T − 1 workers the
 * others, each the share kernel named in the header (worker-main.ts); `run` returns when all are
 * done (the main thread blocks in Atomics.wait, so kernels stay synchronous). Workers start on the
 * first call large enough to share (PARALLEL_PAIRS), so small flows never pay for them; they are
 * unref'd: an idle pool never keeps the process alive.
 */
export class WorkerPool implements ShareRunner {
  readonly header = new ShareHeader();
  /** Inputs and outputs of one call; grows, never shrinks. */
  readonly memory = createSharedMemory(64 * 1024);
  owner: object | undefined;
  private readonly views = new ShareViews(this.memory, this.header.args, instantiateSimd(simdModule(), this.memory));
  private readonly workers: Worker[] = [];

  /**
   * @param shares threads sharing a large call (the main thread included).
   * @param minParallelPairs smallest N·M shared among the threads (tests lower it to exercise the
   *   workers on small problems).
   */
  constructor(
    readonly shares: number,
    readonly minParallelPairs = PARALLEL_PAIRS,
  ) {}

  reserve(bytes: number): ShareCall {
    return reserveViews(this.views, bytes);
  }

  /** Runs `kernel` on every thread when `pairs` reaches minParallelPairs, else on the main thread alone. */
  run(kernel: ShareKernel, pairs: number): void {
    const slots = this.header.slots;
    const call = this.views.refresh();
    if (this.shares === 1 || pairs < this.minParallelPairs) {
      kernel.run(call, 0, 1);
      return;
    }
    this.startWorkers();
    awaitWorkersReady(slots, SLOT.ready, this.shares - 1, STARTUP_MS, 'CpuBackend');
    this.header.writeName(kernel.name);
    slots[SLOT.shares] = this.shares;
    // A failure is reported by the call it happened in, not by every later one.
    Atomics.store(slots, SLOT.failed, 0);
    Atomics.store(slots, SLOT.pending, this.shares - 1);
    Atomics.add(slots, SLOT.generation, 1);
    Atomics.notify(slots, SLOT.generation);
    try {
      kernel.run(call, 0, this.shares);
    } finally {
      // Even when the main thread's share throws: no worker may still be writing when run returns.
      awaitPending(slots, SLOT.pending);
    }
    if (Atomics.load(slots, SLOT.failed) !== 0) throw new Error(`CpuBackend: a worker thread failed in kernel ${kernel.name}`);
  }

  private startWorkers(): void {
    if (this.workers.length > 0) return;
    const module = simdModule();
    for (let share = 1; share < this.shares; share++) {
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { header: this.header.buffer, memory: this.memory, module, share },
      });
      worker.unref();
      this.workers.push(worker);
    }
  }

  /** Stops the workers. */
  async dispose(): Promise<void> {
    this.header.slots[SLOT.nameLength] = 0;
    Atomics.add(this.header.slots, SLOT.generation, 1);
    Atomics.notify(this.header.slots, SLOT.generation);
    await Promise.all(this.workers.map((worker) => worker.terminate()));
    this.workers.length = 0;
  }
}
