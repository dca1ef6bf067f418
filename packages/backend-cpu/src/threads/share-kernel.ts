import type { SimdKernels } from '../wasm/simd-kernels';

/** Thread-private buffers a share kernel keeps between calls (grown, never shrunk). */
export class ShareScratch {
  private readonly buffers = new Map<string, Float64Array>();

  /** The buffer `name` with at least `length` values. */
  grow(name: string, length: number): Float64Array {
    let buffer = this.buffers.get(name);
    if (buffer === undefined || buffer.length < length) {
      buffer = new Float64Array(length);
      this.buffers.set(name, buffer);
    }
    return buffer;
  }
}

/** What one share of a call sees: its arguments, the runner's memory and this thread's SIMD kernels. */
export interface ShareCall {
  /** The call's arguments (ShareHeader.args); their meaning is the kernel's. */
  readonly args: Float64Array;
  /** The runner's memory as float64 and as float32. */
  readonly f64: Float64Array;
  readonly f32: Float32Array;
  /** The WebAssembly kernels over the runner's memory, of the running thread. */
  readonly simd: SimdKernels;
  readonly scratch: ShareScratch;
}

/**
 * A kernel as a range-partitioned function: share `share` of `shares` does its part of the call.
 * The same function runs on the main thread and in the workers (dispatched by `name`, registered in
 * share-kernels.ts), so results never depend on the thread count as long as each share's part
 * keeps every sum's order (forward: split the points; drift: split the particles). Modules of
 * share kernels import only types from @mfpg/core, or the worker bundle would carry all of core.
 */
export interface ShareKernel {
  readonly name: string;
  run(call: ShareCall, share: number, shares: number): void;
}

/** Share `share` of `shares` of [0, count): [start, end). */
export function shareStart(count: number, share: number, shares: number): number {
  return Math.floor((count * share) / shares);
}
