import type { SharedMemory } from '@mfpg/core/internal';
import type { SimdKernels } from '../wasm/simd-kernels';
import { ShareScratch, type ShareCall } from './share-kernel';

/** The views of `memory` and the thread's SIMD instance, remade when the memory has grown. */
export class ShareViews implements ShareCall {
  f64: Float64Array;
  f32: Float32Array;
  readonly scratch = new ShareScratch();

  constructor(
    readonly memory: SharedMemory,
    readonly args: Float64Array,
    readonly simd: SimdKernels,
  ) {
    this.f64 = new Float64Array(memory.buffer);
    this.f32 = new Float32Array(memory.buffer);
  }

  /** Follows a grown memory. */
  refresh(): this {
    if (this.f64.byteLength !== this.memory.buffer.byteLength) {
      this.f64 = new Float64Array(this.memory.buffer);
      this.f32 = new Float32Array(this.memory.buffer);
    }
    return this;
  }
}

