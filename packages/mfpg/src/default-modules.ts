import { cpuBackendModule } from '@mfpg/backend-cpu';
import { gpuBackendModule } from '@mfpg/backend-gpu';
import { environmentsModule } from '@mfpg/environments';
import { monitorModule } from '@mfpg/monitor';
import type { ContainerModule } from 'inversify';

/** The modules every run loads besides the core: built-in environments, backends, metrics and sinks. */
export const defaultModules: readonly ContainerModule[] = [environmentsModule, cpuBackendModule, gpuBackendModule, monitorModule];
