import { createRequire } from 'node:module';
import { ConfigError } from '@mfpg/core';
import type * as GpuJs from 'gpu.js';

/** The version range of gpu.js this backend is written against (its optional peer dependency). */
export const GPU_JS_RANGE = '^2.24.1';

/** A CommonJS `require`, or a stand-in for it (the tests simulate a missing gpu.js through one). */
export type ModuleRequire = (id: string) => unknown;

/** Whether `error` says that `id` itself (not something it imports) cannot be found. */
function isMissing(error: unknown, id: string): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === 'MODULE_NOT_FOUND' && typeof message === 'string' && message.includes(`'${id}'`);
}

/**
 * Loads gpu.js through `require`. gpu.js is an optional peer dependency: `npm install mfpg` does not
 * download it (nor its ~84 MB webgpu dependency), so asking for `backend.name=gpu` without it is bad
 * input (a ConfigError, exit 2) that says what to install.
 */
export function loadGpuJs(require: ModuleRequire = createRequire(import.meta.url)): typeof GpuJs {
  try {
    return require('gpu.js') as typeof GpuJs;
  } catch (error) {
    if (!isMissing(error, 'gpu.js')) throw error;
    throw ConfigError.of(
      'backend.name',
      'gpu',
      `gpu only with the optional package gpu.js installed next to mfpg: run \`npm install gpu.js@${GPU_JS_RANGE}\`; otherwise backend.name=cpu`,
    );
  }
}

let loaded: typeof GpuJs | undefined;

/**
 * Supplies gpu.js instead of `require`: a browser bundle has no CommonJS `require`, so the page
 * loads gpu.js's browser build itself (a lazy `import('gpu.js')`) and hands it over before it
 * builds a gpu backend.
 */
export function useGpuJs(module: typeof GpuJs): void {
  loaded = module;
}

/**
 * gpu.js, loaded on first use: importing it (and, where built, its native headless-gl) costs every
 * run ~0.15 s of start-up, also the runs that never touch the gpu backend. gpu.js is CommonJS, so
 * a synchronous require serves the synchronous mode probes (tsup's `shims` give the CommonJS build
 * an import.meta.url).
 */
export function gpuJs(): typeof GpuJs {
  return (loaded ??= loadGpuJs());
}
