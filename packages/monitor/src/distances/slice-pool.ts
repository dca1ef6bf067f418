import { Worker } from 'node:worker_threads';
import { awaitPending, awaitWorkersReady, createSharedMemory, ensureMemory } from '@mfpg/core/internal';
import { instantiateSliceKernels, sliceModule, type SliceKernels } from '../wasm/slice-kernels';

/** Slots of the pool's control array (Int32Array over a SharedArrayBuffer). */
const CONTROL = { generation: 0, pending: 1, ready: 2, failed: 3, length: 4 } as const;

/**
 * What a share needs, as doubles: byte offsets into the memory and sizes (a Float64Array over a
 * SharedArrayBuffer, written by the main thread before each run).
 */
export const SLICE_JOB = {
  a: 0, b: 1, n: 2, dim: 3, weights: 4, directions: 5, scratch: 6, scratchBytes: 7, sums: 8, threads: 9, length: 10,
} as const;

/**
 * One thread's share of the directions: blocks of four, block j to thread j mod T, each on that
 * thread's scratch. Every direction's sum is computed whole by one thread and stored in its own
 * slot, so the result does not depend on T. Self-contained (it only reads its arguments; the job
 * indices are SLICE_JOB's, written out), so the same function runs in the workers through its
 * source text.
 */
export function runSliceShare(job: Float64Array, kernels: SliceKernels, share: number): void {
  const a = job[0], b = job[1], n = job[2], dim = job[3], weights = job[4], directions = job[5];
  const scratch = job[6] + share * job[7], sums = job[8], threads = job[9];
  for (let block = share; 4 * block < directions; block += threads) {
    kernels.sliceBlock(a, b, n, dim, weights + 32 * dim * block, Math.min(4, directions - 4 * block), scratch, sums + 32 * block);
  }
}

/**
 * The worker's whole program, as source (no module resolution, so it runs the same from the built
 * dist and from TypeScript sources): it instantiates the kernels over the pool's shared memory,
 * sleeps on control[generation], runs its share and wakes the main thread when it is the last.
 */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
// Bundlers that keep function names (tsup with swc) wrap functions in __name(fn, 'name').
const __name = (target) => target;
const runSliceShare = (${runSliceShare.toString()});
const control = new Int32Array(workerData.control);
const job = new Float64Array(workerData.job);
const kernels = new WebAssembly.Instance(workerData.module, { env: { memory: workerData.memory } }).exports;
let seen = 0;
Atomics.add(control, ${CONTROL.ready}, 1);
Atomics.notify(control, ${CONTROL.ready});
for (;;) {
  Atomics.wait(control, ${CONTROL.generation}, seen);
  seen = Atomics.load(control, ${CONTROL.generation});
  try {
    runSliceShare(job, kernels, workerData.share);
  } catch (error) {
    Atomics.store(control, ${CONTROL.failed}, 1);
  }
  if (Atomics.sub(control, ${CONTROL.pending}, 1) === 1) Atomics.notify(control, ${CONTROL.pending});
}
`;

/** How long the first run waits for the workers to start. */
const STARTUP_MS = 20_000;

/**
 * T threads over one shared WebAssembly memory for the sliced distance: the main thread runs
 * share 0, T − 1 workers the others, and `run` returns when all are done (the main thread blocks
 * in Atomics.wait, so the distance stays synchronous). Workers are unref'd: an idle pool never
 * keeps the process alive. The memory grows and never shrinks.
 */
export class SlicePool {
  readonly memory = createSharedMemory(64 * 1024);
  readonly kernels: SliceKernels;
  readonly job = new Float64Array(new SharedArrayBuffer(SLICE_JOB.length * 8));
  private readonly control = new Int32Array(new SharedArrayBuffer(CONTROL.length * 4));
  private readonly workers: Worker[] = [];

  constructor(readonly threads: number) {
    const module = sliceModule();
    this.kernels = instantiateSliceKernels(module, this.memory);
    for (let share = 1; share < threads; share++) {
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { control: this.control.buffer, job: this.job.buffer, memory: this.memory, module, share },
      });
      worker.unref();
      this.workers.push(worker);
    }
  }

  /** The memory as float64, grown to at least `bytes` bytes (a new view after growth). */
  reserve(bytes: number): Float64Array {
    ensureMemory(this.memory, bytes, 'SlicedW2: these clouds');
    return new Float64Array(this.memory.buffer);
  }

  /** Runs the job described by `job` on every thread and waits for all. */
  run(): void {
    const control = this.control;
    this.job[SLICE_JOB.threads] = this.threads;
    if (this.threads > 1) {
      this.awaitWorkers();
      // A failure is reported by the call it happened in, not by every later one.
      Atomics.store(control, CONTROL.failed, 0);
      Atomics.store(control, CONTROL.pending, this.threads - 1);
      Atomics.add(control, CONTROL.generation, 1);
      Atomics.notify(control, CONTROL.generation);
    }
    try {
      runSliceShare(this.job, this.kernels, 0);
    } finally {
      // Even when the main thread's share throws: no worker may still be writing when run returns.
      awaitPending(control, CONTROL.pending);
    }
    if (Atomics.load(control, CONTROL.failed) !== 0) throw new Error('SlicedW2: a worker thread failed');
  }

  /** Blocks until every worker has started (at most STARTUP_MS), so a broken worker cannot hang `run`. */
  private awaitWorkers(): void {
    awaitWorkersReady(this.control, CONTROL.ready, this.threads - 1, STARTUP_MS, 'SlicedW2');
  }
}

const pools = new Map<number, SlicePool>();

/** The process's pool of `threads` threads (created on first use, shared by every SlicedW2). */
export function slicePool(threads: number): SlicePool {
  let pool = pools.get(threads);
  if (pool === undefined) {
    pool = new SlicePool(threads);
    pools.set(threads, pool);
  }
  return pool;
}
