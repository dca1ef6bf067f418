import { createSharedMemory, ensureMemory, type SharedMemory } from '@mfpg/core/internal';
import { instantiateSimd, simdModule, type SimdKernels } from './simd-kernels';

/**
 * One WebAssembly memory and instance per thread for the float64 registry kernels' SIMD pair loops.
 * Kernels keep nothing in it between calls (each call lays out its own scratch from byte 0), so
 * every kernel of the thread can share it; it grows to the largest call and never shrinks.
 */
export class WasmArena {
  readonly memory: SharedMemory = createSharedMemory(64 * 1024);
  readonly simd: SimdKernels = instantiateSimd(simdModule(), this.memory);
  /** The memory as float64 (remade when the memory grows). */
  f64: Float64Array = new Float64Array(this.memory.buffer);

  /** Makes the memory hold `doubles` float64 values and returns the float64 view of it. */
  reserve(doubles: number): Float64Array {
    ensureMemory(this.memory, 8 * doubles, 'CpuBackend: a kernel call');
    if (this.f64.byteLength !== this.memory.buffer.byteLength) this.f64 = new Float64Array(this.memory.buffer);
    return this.f64;
  }
}

let arena: WasmArena | undefined;

/** This thread's arena. */
export function wasmArena(): WasmArena {
  return (arena ??= new WasmArena());
}
