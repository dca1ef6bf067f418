/**
 * Which kernels the worker runs: gpu.js's WebGL2 mode (`@mfpg/backend-gpu`, float32) or the cpu
 * backend's WebAssembly kernels (float64, one thread), from the page's choice (BACKEND_CHOICES)
 * and what this browser offers. gpu.js's browser build is its own chunk, fetched only when WebGL2
 * is to run: a page on `cpu`, or on `auto` without a GPU, never downloads it.
 */
import { useGpuJs } from '@mfpg/backend-gpu';
import { type BackendChoice, WEBGL_BACKEND } from './playground-config';

/** What the probe of WebGL2 found: why there is none here, else the renderer. */
interface WebGlProbe {
  readonly unavailable?: string;
  readonly renderer?: string;
  /** WebGL2 emulated on the CPU (SwiftShader, llvmpipe): headless browsers, machines without a GPU. */
  readonly software?: boolean;
}

/** The backend a run uses, what the page calls it, and why not WebGL2 when that was wanted. */
export interface BackendPick {
  /** The config's backend section; undefined: the page's own (cpu, one thread). */
  readonly section: Record<string, unknown> | undefined;
  /** `webgl` or `cpu`: the kernels that run. */
  readonly mode: 'webgl' | 'cpu';
  readonly fallback?: string;
  /** The WebGL2 renderer gpu.js runs on. */
  readonly renderer?: string;
}

export const cpuPick = (fallback?: string): BackendPick => ({ section: undefined, mode: 'cpu', ...(fallback === undefined ? {} : { fallback }) });

/** Renderer names of WebGL emulated on the CPU: ~100× slower than the WebAssembly kernels (docs/playground.md). */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software/i;

/**
 * Checks WebGL2 in this worker (gpu.js renders to an OffscreenCanvas here) and reads the
 * renderer's name (WEBGL_debug_renderer_info, where the browser exposes it).
 */
function probeWebGl(): WebGlProbe {
  if (typeof OffscreenCanvas === 'undefined') return { unavailable: 'this browser has no OffscreenCanvas in a Web Worker' };
  const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
  if (gl === null) return { unavailable: 'no WebGL2 in this browser' };
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(gl.getParameter(info === null ? gl.RENDERER : info.UNMASKED_RENDERER_WEBGL));
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return { renderer, software: SOFTWARE_RENDERER.test(renderer) };
}

/**
 * Loads gpu.js and runs one tiny kernel on WebGL2, so that a context that exists but cannot run
 * gpu.js's shaders shows here, with a reason, and not mid-run; hands gpu.js to the gpu backend.
 * Resolves to why it cannot run, or undefined.
 */
async function startGpuJs(): Promise<string | undefined> {
  try {
    const loaded = (await import('gpu.js')) as typeof import('gpu.js') & { default?: typeof import('gpu.js') };
    const gpuJs = loaded.GPU === undefined ? loaded.default! : loaded;
    if (!gpuJs.GPU.isWebGL2Supported) return 'gpu.js finds no WebGL2 here';
    const gpu = new gpuJs.GPU({ mode: 'webgl2' });
    try {
      const kernel = gpu.createKernel(function (this: { thread: { x: number } }) {
        return this.thread.x + 1;
      }, { output: [2] });
      const out = kernel() as Float32Array;
      if (out[1] !== 2) return `gpu.js on WebGL2 computed ${out[1]} for 1 + 1`;
    } finally {
      gpu.destroy();
    }
    useGpuJs(gpuJs);
    return undefined;
  } catch (error) {
    return `gpu.js failed to start: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** Each probed once per worker, on the first run that needs it. */
let probe: WebGlProbe | undefined;
let started: Promise<string | undefined> | undefined;

/**
 * The backend for `choice`: `cpu` always the WebAssembly kernels; `webgl` gpu.js on WebGL2 where
 * it runs here, else cpu with the reason; `auto` as `webgl` on a hardware renderer, but cpu where
 * WebGL2 is emulated in software (slower than the cpu kernels), saying so.
 */
export async function pickBackend(choice: BackendChoice): Promise<BackendPick> {
  if (choice === 'cpu') return cpuPick();
  const found = (probe ??= probeWebGl());
  if (found.unavailable !== undefined) return cpuPick(found.unavailable);
  if (choice === 'auto' && found.software) {
    // Decided before gpu.js is fetched: the default page without a GPU never downloads it.
    return cpuPick(`WebGL2 here is ${found.renderer}, a software renderer, slower than the cpu kernels; choose webgl to run it anyway`);
  }
  const failure = await (started ??= startGpuJs());
  if (failure !== undefined) return cpuPick(failure);
  return { section: WEBGL_BACKEND, mode: 'webgl', renderer: found.renderer };
}
