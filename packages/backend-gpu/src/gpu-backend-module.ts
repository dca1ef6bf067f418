import { bindPlugin, RunConfig } from '@mfpg/core';
import { ContainerModule } from 'inversify';
import { GpuBackend } from './gpu-backend';
import { GpuBackendParams } from './gpu-backend-params';

/** Registers the gpu.js backend as `gpu`. */
export const gpuBackendModule = new ContainerModule((options) => {
  bindPlugin(
    options,
    {
      point: 'backend',
      name: 'gpu',
      description: 'gpu.js float32 backend (modes auto, webgpu, headlessgl, webgl2, webasm, cpu)',
      params: GpuBackendParams,
    },
    { useFactory: (context) => new GpuBackend(context.get<RunConfig>(RunConfig).backend.params as GpuBackendParams) },
  );
});
