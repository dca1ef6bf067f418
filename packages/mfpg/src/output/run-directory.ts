import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError } from '@mfpg/core';

/**
 * The folder a run writes to: `out` if given (created if missing; it must not already hold a run),
 * otherwise a fresh folder runs/<timestamp>-<env> under the working directory.
 */
export function prepareRunDirectory(out: string | undefined, envName: string, now = new Date()): string {
  const directory = out
    ? resolve(out)
    : resolve('runs', `${now.toISOString().replace(/[:.]/g, '-')}-${envName}`);
  if (existsSync(join(directory, 'config.json'))) {
    throw ConfigError.of('--out', out ?? directory, 'a folder that does not already hold a run (it has config.json); choose another');
  }
  try {
    mkdirSync(directory, { recursive: true });
    readdirSync(directory);
  } catch (error) {
    throw ConfigError.of('--out', out ?? directory, `a writable folder (${(error as Error).message})`);
  }
  return directory;
}
