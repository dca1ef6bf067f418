import { createSharedMemory, ensureMemory, type SharedMemory } from '@mfpg/core/internal';
import { instantiateSimd, simdModule } from '../wasm/simd-kernels';
import { ShareHeader } from './share-header';
import type { ShareCall, ShareKernel } from './share-kernel';
import { ShareViews } from './share-views';

/**
 * Where a share kernel runs: in-process (LocalShareRunner) or split over worker threads
 * (WorkerPool). Kernels write their inputs into `memory` and their arguments into `header.args`,
 * call `run`, and read their outputs from `memory`; the runner never changes the numbers.
 */
export interface ShareRunner {
  /** Shares a call may be split into (threads). */
  readonly shares: number;
  readonly header: ShareHeader;
  readonly memory: SharedMemory;
  /**
   * Who last wrote inputs into the memory: a prepared handle whose inputs may have been replaced
   * checks `owner` (identity) and writes them again.
   */
  owner: object | undefined;
  /** Makes the memory hold `bytes` and returns the call views (remade when the memory grows). */
  reserve(bytes: number): ShareCall;
  /** Runs `kernel` on the call described by header.args; `pairs` (its N·M) decides whether to share it. */
  run(kernel: ShareKernel, pairs: number): void;
}

/** Sizes `memory` for `bytes` and refreshes `views`. */
export function reserveViews(views: ShareViews, bytes: number): ShareViews {
  ensureMemory(views.memory, bytes, 'CpuBackend: a kernel call');
  return views.refresh();
}

/** Runs every call in-process as one share: the single-threaded CPU backend. */
export class LocalShareRunner implements ShareRunner {
  readonly shares = 1;
  readonly header = new ShareHeader();
  readonly memory: SharedMemory = createSharedMemory(64 * 1024);
  owner: object | undefined;
  private readonly views = new ShareViews(this.memory, this.header.args, instantiateSimd(simdModule(), this.memory));

  reserve(bytes: number): ShareCall {
    return reserveViews(this.views, bytes);
  }

  run(kernel: ShareKernel): void {
    kernel.run(this.views.refresh(), 0, 1);
  }
}
