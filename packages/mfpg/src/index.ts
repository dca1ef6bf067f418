export * from '@mfpg/core';
export * from '@mfpg/environments';
export * from '@mfpg/backend-cpu';
export * from './default-modules';
export * from './create-flow';
export * from './run-experiment';
export * from '@mfpg/monitor';
export * from './replicas/replica-runner';
export * from './replicas/create-replicas';
export * from './replicas/run-replica-experiment';
export * from './checkpoints';
export * from './sweeps';
export * from './experiments';
/** zod, the schema library of plugin parameters (defineEnvironment({ params: z.object(…) })): one copy for mfpg and its plugins. */
export { z } from 'zod';
