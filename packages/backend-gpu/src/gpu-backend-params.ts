import { z } from 'zod';
import { availableGpuModes, GPU_MODES, isGpuModeAvailable } from './gpu-mode';

/** `backend.params` of `gpu`: the gpu.js mode; a mode that cannot run here is bad input (exit 2). */
export const GpuBackendParams = z
  .object({
    mode: z.enum(GPU_MODES, { error: `one of ${GPU_MODES.join(', ')}` }).default('auto'),
  })
  .strict()
  .refine(({ mode }) => mode === 'auto' || isGpuModeAvailable(mode), {
    path: ['mode'],
    error: () => `a gpu.js mode available here: auto, ${availableGpuModes().join(', ')}`,
  });
export type GpuBackendParams = z.infer<typeof GpuBackendParams>;
