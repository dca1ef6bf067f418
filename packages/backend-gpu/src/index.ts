export * from './gpu-mode';
export * from './neuron-kernel-sources';
export * from './gpu-backend-params';
export * from './gpu-backend';
export * from './gpu-backend-module';
export { useGpuJs } from './load-gpu-js';
