import { bindPlugin } from '@mfpg/core';
import { ContainerModule } from 'inversify';
import { CpuBackend } from './cpu-backend';

/** Registers the float64 CPU backend as `cpu`. */
export const cpuBackendModule = new ContainerModule((options) => {
  bindPlugin(
    options,
    { point: 'backend', name: 'cpu', description: 'float64 CPU reference backend with fused kernels' },
    { useFactory: () => new CpuBackend() },
  );
});
