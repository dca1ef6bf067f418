import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname } from 'node:path';
import { assertSafeConfigValue, ConfigError, MAX_CONFIG_DEPTH } from '@mfpg/core';

/** The YAML parser, loaded only for YAML files (it is ~20 modules every run would load otherwise). */
const parseYaml = (text: string): unknown => (createRequire(import.meta.url)('yaml') as typeof import('yaml')).parse(text);

/** 16 MiB: a config (even a finite MDP's tables in env.params) is far smaller; a larger file is a mistake. */
const LARGEST_CONFIG_BYTES = 16 * 1024 * 1024;

/** Deeper indentation than any config needs; YAML nests by indentation as well as by brackets. */
const LARGEST_INDENT = 16 * MAX_CONFIG_DEPTH;

/**
 * Why the text nests too deeply to be parsed safely, or null. Parsers recurse once per level, and
 * V8 can abort the whole process (not throw) when a regular expression is compiled near the stack
 * limit, so a hostile document is measured before any parser sees it: brackets outside quoted
 * strings, and indentation.
 */
function nestingProblem(text: string): string | null {
  let depth = 0;
  let quote = '';
  let indent = 0;
  let lineStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (lineStart) {
      if (c === ' ' || c === '\t') {
        if (++indent > LARGEST_INDENT) return `indented more than ${LARGEST_INDENT} columns`;
        continue;
      }
      lineStart = false;
    }
    if (c === '\n') {
      lineStart = true;
      indent = 0;
      if (quote === "'") quote = '';
      continue;
    }
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{') {
      if (++depth > MAX_CONFIG_DEPTH) return `nested more than ${MAX_CONFIG_DEPTH} levels deep`;
    } else if (c === ']' || c === '}') depth = Math.max(0, depth - 1);
  }
  return null;
}

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
  const nesting = nestingProblem(text);
  if (nesting) throw ConfigError.of(option, path, `a config nested at most ${MAX_CONFIG_DEPTH} levels deep; this file is ${nesting}`);
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
