import { logisticGeneralDriftShare, logisticGeneralForwardShare } from '../kernels/logistic-general-share';
import { logisticGridDriftShare } from '../kernels/logistic-grid-drift-share';
import { logisticGridFloat32DriftShare } from '../kernels/logistic-grid-float32-drift-share';
import { logisticGridFloat32ForwardShare } from '../kernels/logistic-grid-float32-forward-share';
import { logisticGridForwardShare } from '../kernels/logistic-grid-forward-share';
import { logisticGridSplitShare } from '../kernels/logistic-grid-split-share';
import { neuronFloat32DriftShare, neuronFloat32ForwardShare } from '../kernels/neuron-float32-share';
import type { ShareHeader } from './share-header';
import type { ShareKernel } from './share-kernel';

/** Every share kernel, as the workers find them by name (kernel families run them on a share runner). */
export const SHARE_KERNELS: readonly ShareKernel[] = [
  logisticGeneralForwardShare,
  logisticGeneralDriftShare,
  logisticGridSplitShare,
  logisticGridForwardShare,
  logisticGridDriftShare,
  logisticGridFloat32ForwardShare,
  logisticGridFloat32DriftShare,
  neuronFloat32ForwardShare,
  neuronFloat32DriftShare,
];

/** The share kernel the header names. */
export function shareKernelNamedIn(header: ShareHeader): ShareKernel {
  const kernel = SHARE_KERNELS.find((candidate) => header.names(candidate.name));
  if (kernel === undefined) throw new Error('CpuBackend: a worker was asked for a share kernel it does not have');
  return kernel;
}
