import type { CpuKernelConfig, CpuKernelRegistry } from './kernel-registry';
import { genericDriftConfig, genericForwardConfig } from './kernels/generic';
import { neuronDriftConfig, neuronForwardConfig } from './kernels/neuron-general';
import { neuronLogisticDriftConfig, neuronLogisticForwardConfig } from './kernels/neuron-logistic-general';
import { neuronFloat32DriftConfig, neuronFloat32ForwardConfig } from './kernels/neuron-float32';
import {
  neuronLogisticProductGridDriftConfig,
  neuronLogisticProductGridFloat32DriftConfig,
  neuronLogisticProductGridFloat32ForwardConfig,
  neuronLogisticProductGridForwardConfig,
} from './kernels/neuron-logistic-product-grid';
import { neuronSineProductGridDriftConfig, neuronSineProductGridForwardConfig } from './kernels/neuron-sine-product-grid';
import { linearDriftConfig } from './kernels/linear-drift';
import { linearForwardConfig } from './kernels/linear-forward';
import { separableDriftConfig } from './kernels/separable-drift';
import { separableForwardConfig } from './kernels/separable-forward';

/** The CPU backend's built-in kernels. */
export const cpuKernelConfigs: readonly CpuKernelConfig[] = [
  genericForwardConfig,
  genericDriftConfig,
  neuronForwardConfig,
  neuronDriftConfig,
  neuronLogisticForwardConfig,
  neuronLogisticDriftConfig,
  neuronLogisticProductGridForwardConfig,
  neuronLogisticProductGridDriftConfig,
  neuronFloat32ForwardConfig,
  neuronFloat32DriftConfig,
  neuronLogisticProductGridFloat32ForwardConfig,
  neuronLogisticProductGridFloat32DriftConfig,
  neuronSineProductGridForwardConfig,
  neuronSineProductGridDriftConfig,
  linearForwardConfig,
  linearDriftConfig,
  separableForwardConfig,
  separableDriftConfig,
];

/** Registers every built-in kernel in `registry` and returns it. */
export function registerAllKernels(registry: CpuKernelRegistry): CpuKernelRegistry {
  for (const config of cpuKernelConfigs) registry.register(config);
  return registry;
}
