import { cpuBackendModule } from '@mfpg/backend-cpu';
import { environmentsModule } from '@mfpg/environments';
import type { ContainerModule } from 'inversify';

/** The modules every run loads besides the core: built-in environments and backends. */
export const defaultModules: readonly ContainerModule[] = [environmentsModule, cpuBackendModule];
