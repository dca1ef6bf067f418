import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname } from 'node:path';
import { assertSafeConfigValue, ConfigError } from '@mfpg/core';

/** The YAML parser, loaded only for YAML files (it is ~20 modules every run would load otherwise). */
const parseYaml = (text: string): unknown => (createRequire(import.meta.url)('yaml') as typeof import('yaml')).parse(text);

/** 16 MiB: a config (even a finite MDP's tables in env.params) is far smaller; a larger file is a mistake. */
const LARGEST_CONFIG_BYTES = 16 * 1024 * 1024;

/**
 * Reads a JSON or YAML config file (by extension; `.yaml`/`.yml` are YAML, everything else JSON).
 * A missing path, a folder, an unreadable, oversized, malformed or too deeply nested file, or keys
 * such as `__proto__` are ConfigErrors naming the path (exit 2).
 */
export function loadConfigFile(path: string, option = 'CONFIG'): unknown {
  const allowed = 'the path of an existing JSON or YAML config file';
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw ConfigError.of(option, path, `${allowed}; this is ${stat.isDirectory() ? 'a folder' : 'not a regular file'}`);
    size = stat.size;
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw ConfigError.of(option, path, `${allowed} (${(error as { code?: string }).code ?? (error as Error).message})`);
  }
  if (size > LARGEST_CONFIG_BYTES) throw ConfigError.of(option, path, `a config file of at most ${LARGEST_CONFIG_BYTES / 1024 / 1024} MiB (this one has ${size} bytes)`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw ConfigError.of(option, path, `a readable file (${(error as { code?: string }).code ?? (error as Error).message})`);
  }
  const yaml = ['.yaml', '.yml'].includes(extname(path).toLowerCase());
  let value: unknown;
  try {
    value = yaml ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    const deep = error instanceof RangeError || /call stack/i.test((error as Error).message);
    const detail = deep ? 'nested too deeply' : (error as Error).message.split('\n')[0];
    throw ConfigError.of(option, path, `valid ${yaml ? 'YAML' : 'JSON'} (${detail})`);
  }
  assertSafeConfigValue(value, `${path}`);
  return value;
}
