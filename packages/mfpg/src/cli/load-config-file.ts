import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname } from 'node:path';
import { ConfigError } from '@mfpg/core';

/** The YAML parser, loaded only for YAML files (it is ~20 modules every run would load otherwise). */
const parseYaml = (text: string): unknown => (createRequire(import.meta.url)('yaml') as typeof import('yaml')).parse(text);

/** Reads a JSON or YAML config file (by extension; `.yaml`/`.yml` are YAML, everything else JSON). */
export function loadConfigFile(path: string): unknown {
  if (!existsSync(path)) throw ConfigError.of('CONFIG', path, 'the path of an existing JSON or YAML config file');
  const text = readFileSync(path, 'utf8');
  const yaml = ['.yaml', '.yml'].includes(extname(path).toLowerCase());
  try {
    return yaml ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw ConfigError.of('CONFIG', path, `valid ${yaml ? 'YAML' : 'JSON'} (${(error as Error).message})`);
  }
}
