import { gpuJs } from './load-gpu-js';

/** The gpu.js modes a config may name; `auto` picks the first available of GPU_MODE_PREFERENCE. */
export const GPU_MODES = ['auto', 'webgpu', 'headlessgl', 'webgl2', 'webasm', 'cpu'] as const;
export type GpuMode = (typeof GPU_MODES)[number];
export type ConcreteGpuMode = Exclude<GpuMode, 'auto'>;

/**
 * What `auto` tries, best first. webgpu is not in it: its kernels are promise-only and its adapter
 * can only be probed asynchronously, so it is used only when named.
 */
export const GPU_MODE_PREFERENCE: readonly ConcreteGpuMode[] = ['headlessgl', 'webgl2', 'webasm', 'cpu'];

/** Whether gpu.js can run `mode` in this process (synchronous probes of gpu.js 2.x). */
export function isGpuModeAvailable(mode: ConcreteGpuMode): boolean {
  switch (mode) {
    case 'webgpu':
      return gpuJs().GPU.isWebGPUSupported;
    case 'headlessgl':
      return gpuJs().GPU.isHeadlessGLSupported;
    case 'webgl2':
      return gpuJs().GPU.isWebGL2Supported;
    case 'webasm':
      return gpuJs().GPU.isWebAssemblySupported;
    case 'cpu':
      return true;
  }
}

/** The concrete modes available here, in GPU_MODE_PREFERENCE order (webgpu first when present). */
export function availableGpuModes(): ConcreteGpuMode[] {
  return (['webgpu', ...GPU_MODE_PREFERENCE] as ConcreteGpuMode[]).filter(isGpuModeAvailable);
}
