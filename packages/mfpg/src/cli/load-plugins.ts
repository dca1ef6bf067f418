import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '@mfpg/core';
import type { ContainerModule } from 'inversify';
import { rememberPluginFile } from './plugin-files';

function isContainerModule(value: unknown): value is ContainerModule {
  return typeof value === 'object' && value !== null && typeof (value as ContainerModule).load === 'function' && 'id' in value;
}

/**
 * Imports `--plugin` files and collects the ContainerModules they export (default or named).
 * TypeScript plugins must be compiled to JavaScript first, or mfpg run under a TypeScript loader
 * (`node --import tsx`), docs/plugins.md. A plugin must import `bindPlugin` and the plugin tokens
 * from the same `mfpg` installation as the CLI: tokens are symbols, unique per module instance.
 */
export async function loadPluginModules(files: readonly string[]): Promise<ContainerModule[]> {
  const modules: ContainerModule[] = [];
  for (const file of files) {
    const path = resolve(file);
    if (!existsSync(path) || !statSync(path).isFile()) throw ConfigError.of('--plugin', file, 'the path of an existing JavaScript module (.js, .mjs, .cjs) exporting a ContainerModule');
    let exports: Record<string, unknown>;
    rememberPluginFile(file, path);
    try {
      exports = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
    } catch (error) {
      const typescript = /\.[mc]?tsx?$/i.test(path) && !process.execArgv.some((arg) => arg.includes('tsx'));
      const hint = typescript ? '; a TypeScript plugin needs a loader (node --import tsx …/mfpg run …) or compiling to JavaScript first, see docs/plugins.md' : '';
      throw ConfigError.of('--plugin', file, `a module that loads (${(error as Error).message})${hint}`);
    }
    const found = Object.values(exports).filter(isContainerModule);
    if (found.length === 0) {
      throw ConfigError.of('--plugin', file, 'a module exporting an inversify ContainerModule (default or named) that registers plugins with bindPlugin');
    }
    modules.push(...new Set(found));
  }
  return modules;
}
