import { availableParallelism } from 'node:os';
import { bindPlugin, RunConfig } from '@mfpg/core';
import { ContainerModule } from 'inversify';
import { z } from 'zod';
import { CpuBackend } from './cpu-backend';

/**
 * `backend.params` of `cpu`: `threads` (a positive integer, or `auto` = the machine's cores, the
 * default; results are the same bits for every count) and `precision` (`float64`, the reference,
 * or `float32`: float32 WebAssembly SIMD for tanh neurons on general points and neurons with a
 * logistic form on product grids).
 */
export const CpuBackendParams = z
  .object({
    threads: z
      .union([z.literal('auto'), z.number().int().min(1).max(256)], { error: 'a positive integer ≤ 256 or "auto"' })
      .default('auto'),
    precision: z.enum(['float64', 'float32'], { error: 'float64 or float32' }).default('float64'),
  })
  .strict();
export type CpuBackendParams = z.infer<typeof CpuBackendParams>;

/** Registers the float64 CPU backend as `cpu`. */
export const cpuBackendModule = new ContainerModule((options) => {
  bindPlugin(
    options,
    {
      point: 'backend',
      name: 'cpu',
      description: 'float64 CPU reference backend with fused kernels (threads: auto|n, precision: float64|float32)',
      params: CpuBackendParams,
    },
    {
      useFactory: (context) => {
        const params = CpuBackendParams.parse(context.get<RunConfig>(RunConfig).backend.params ?? {});
        const threads = params.threads === 'auto' ? availableParallelism() : params.threads;
        return new CpuBackend(undefined, { threads, precision: params.precision });
      },
    },
  );
});
