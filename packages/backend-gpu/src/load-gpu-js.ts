import { createRequire } from 'node:module';
import type * as GpuJs from 'gpu.js';

let loaded: typeof GpuJs | undefined;

/**
 * gpu.js, loaded on first use: importing it (and, where built, its native headless-gl) costs every
 * run ~0.15 s of start-up, also the runs that never touch the gpu backend. gpu.js is CommonJS, so
 * a synchronous require serves the synchronous mode probes (tsup's `shims` give the CommonJS build
 * an import.meta.url).
 */
export function gpuJs(): typeof GpuJs {
  return (loaded ??= createRequire(import.meta.url)('gpu.js') as typeof GpuJs);
}
