export * from '@mfpg/core';
export * from '@mfpg/environments';
export * from '@mfpg/backend-cpu';
export * from './default-modules';
export * from './create-flow';
export * from './run-experiment';
