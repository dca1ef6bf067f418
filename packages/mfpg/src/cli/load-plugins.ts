import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '@mfpg/core';
import type { ContainerModule } from 'inversify';

function isContainerModule(value: unknown): value is ContainerModule {
  return typeof value === 'object' && value !== null && typeof (value as ContainerModule).load === 'function' && 'id' in value;
}

/**
 * Imports `--plugin` files and collects the ContainerModules they export (default or named).
 * TypeScript plugins must be compiled to JavaScript first (or run mfpg under a TS loader such as tsx).
 */
export async function loadPluginModules(files: readonly string[]): Promise<ContainerModule[]> {
  const modules: ContainerModule[] = [];
  for (const file of files) {
    const path = resolve(file);
    if (!existsSync(path)) throw ConfigError.of('--plugin', file, 'the path of an existing JavaScript module (.js, .mjs, .cjs) exporting a ContainerModule');
    let exports: Record<string, unknown>;
    try {
      exports = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
    } catch (error) {
      throw ConfigError.of('--plugin', file, `a module that loads (${(error as Error).message})`);
    }
    const found = Object.values(exports).filter(isContainerModule);
    if (found.length === 0) {
      throw ConfigError.of('--plugin', file, 'a module exporting an inversify ContainerModule (default or named) that registers plugins with bindPlugin');
    }
    modules.push(...new Set(found));
  }
  return modules;
}
