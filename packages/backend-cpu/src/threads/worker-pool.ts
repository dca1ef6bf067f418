import { Worker } from 'node:worker_threads';
import { awaitPending, awaitWorkersReady, createSharedMemory, ensureMemory } from '@mfpg/core/internal';
import { instantiateSimd, simdModule, type SimdKernels } from '../wasm/simd-kernels';
import { CONTROL, OP, requiredBytes, runShare } from './worker-share';
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
 * others; `run` returns when all are done (the main thread blocks in Atomics.wait, so kernels stay
 * synchronous). Workers start on the first call large enough to share (PARALLEL_PAIRS), so small
 * flows never pay for them; they are unref'd: an idle pool never keeps the process alive.
 */
export class WorkerPool {
  readonly control = new Int32Array(new SharedArrayBuffer(CONTROL.length * 4));
  /** Inputs and outputs of one op (layout: worker-share.ts); grows, never shrinks. */
  readonly memory = createSharedMemory(64 * 1024);
  /** The memory as float64 (remade when the memory grows). */
  data = new Float64Array(this.memory.buffer);
  /** The WebAssembly kernels of the main thread. */
  readonly simd: SimdKernels;
  /** Who wrote the memory last (kernels that keep data there between calls check it). */
  owner: object | undefined;
  private readonly workers: Worker[] = [];
  private readonly scratch: Record<string, Float64Array> = {};

  /**
   * @param threads threads sharing a large call (the main thread included).
   * @param minParallelPairs smallest N·M shared among the threads (tests lower it to exercise the
   *   workers on small problems).
   */
  constructor(
    readonly threads: number,
    readonly minParallelPairs = PARALLEL_PAIRS,
  ) {
    this.simd = instantiateSimd(simdModule(), this.memory);
  }

  /** Makes the memory hold the op now described by `control` (call after setting its sizes). */
  reserve(): Float64Array {
    // Sized for every thread, whether or not this call will share.
    this.control[CONTROL.threads] = this.threads;
    ensureMemory(this.memory, requiredBytes(this.control), 'CpuBackend: a kernel call');
    if (this.data.byteLength !== this.memory.buffer.byteLength) this.data = new Float64Array(this.memory.buffer);
    return this.data;
  }

  /**
   * Runs the op in `control` and waits for it: on every thread when `pairs` (its N·M) reaches
   * minParallelPairs, else on the main thread alone.
   */
  run(pairs: number): void {
    const control = this.control;
    if (this.threads === 1 || pairs < this.minParallelPairs) {
      control[CONTROL.threads] = 1;
      runShare(control, this.data, 0, this.scratch, this.simd);
      return;
    }
    this.startWorkers();
    this.awaitWorkers();
    control[CONTROL.threads] = this.threads;
    // A failure is reported by the call it happened in, not by every later one.
    Atomics.store(control, CONTROL.failed, 0);
    Atomics.store(control, CONTROL.pending, this.threads - 1);
    Atomics.add(control, CONTROL.generation, 1);
    Atomics.notify(control, CONTROL.generation);
    try {
      runShare(control, this.data, 0, this.scratch, this.simd);
    } finally {
      // Even when the main thread's share throws: no worker may still be writing when run returns.
      awaitPending(control, CONTROL.pending);
    }
    if (Atomics.load(control, CONTROL.failed) !== 0) throw new Error('CpuBackend: a worker thread failed in a kernel');
  }

  private startWorkers(): void {
    if (this.workers.length > 0) return;
    const module = simdModule();
    for (let share = 1; share < this.threads; share++) {
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { control: this.control.buffer, memory: this.memory, module, share },
      });
      worker.unref();
      this.workers.push(worker);
    }
  }

  /** Blocks until every worker has started (at most STARTUP_MS), so a broken worker cannot hang `run`. */
  private awaitWorkers(): void {
    awaitWorkersReady(this.control, CONTROL.ready, this.threads - 1, STARTUP_MS, 'CpuBackend');
  }

  /** Stops the workers. */
  async dispose(): Promise<void> {
    this.control[CONTROL.op] = OP.stop;
    Atomics.add(this.control, CONTROL.generation, 1);
    Atomics.notify(this.control, CONTROL.generation);
    await Promise.all(this.workers.map((worker) => worker.terminate()));
    this.workers.length = 0;
  }
}
