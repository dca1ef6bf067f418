import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@mfpg/core';
import { describe, expect, it } from 'vitest';
import { gpuJs, loadGpuJs, useGpuJs } from './load-gpu-js';

describe('loading the optional gpu.js', () => {
  it('loads the installed gpu.js', () => {
    expect(typeof loadGpuJs().GPU).toBe('function');
  });

  it('a bundle supplies gpu.js itself (useGpuJs): the backend then uses that module, no require', () => {
    // A browser bundle has no CommonJS require: the playground hands over gpu.js's browser build.
    const supplied = { ...loadGpuJs() } as ReturnType<typeof loadGpuJs>;
    useGpuJs(supplied);
    expect(gpuJs()).toBe(supplied);
  });

  it('a missing gpu.js is a ConfigError on backend.name that says what to install', () => {
    // A require rooted in an empty folder outside the repository: Node's own "Cannot find module" error.
    const empty = mkdtempSync(join(tmpdir(), 'mfpg-no-gpu-js-'));
    try {
      const require = createRequire(join(empty, 'index.js'));
      expect(() => require('gpu.js')).toThrow(/Cannot find module 'gpu.js'/);
      let thrown: unknown;
      try {
        loadGpuJs(require);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ConfigError);
      expect((thrown as ConfigError).issues[0]).toMatchObject({ field: 'backend.name', given: 'gpu' });
      expect((thrown as Error).message).toContain('npm install gpu.js@^2.24.1');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('a module gpu.js itself cannot find is not reported as a missing gpu.js', () => {
    const brokenInside = Object.assign(new Error("Cannot find module 'gl'"), { code: 'MODULE_NOT_FOUND' });
    expect(() =>
      loadGpuJs(() => {
        throw brokenInside;
      }),
    ).toThrow(brokenInside);
  });
});
