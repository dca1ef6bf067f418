import { ConfigError } from '../errors';

/**
 * Keys that would reach an object's prototype when merged or assigned (`a.__proto__.x = …` sets
 * Object.prototype.x): rejected everywhere a config comes in (files, --set, --grid, replica overrides).
 */
export const FORBIDDEN_CONFIG_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The deepest nesting a config value may have. The schema is 3 levels deep and the deepest plugin
 * parameters (a finite MDP's P[s][a][s'] inside env.params) add 4; 64 leaves room for any real
 * config, while a 100 000-level document cannot exhaust the stack of the recursive merge and schema.
 */
export const MAX_CONFIG_DEPTH = 64;

/**
 * Checks a config value (a file's contents, an override's value) before it is merged: no key that
 * reaches a prototype, nesting at most {@link MAX_CONFIG_DEPTH}. Iterative, so a hostile document
 * cannot overflow the stack here either. `where` names the source in the error (e.g. `--set a.b`).
 */
export function assertSafeConfigValue(value: unknown, where: string): void {
  const pending: { node: unknown; path: string; depth: number }[] = [{ node: value, path: '', depth: 0 }];
  while (pending.length > 0) {
    const { node, path, depth } = pending.pop() as { node: unknown; path: string; depth: number };
    if (typeof node !== 'object' || node === null) continue;
    if (depth >= MAX_CONFIG_DEPTH) {
      throw ConfigError.of(joinField(where, path), '(a value nested deeper)', `nesting at most ${MAX_CONFIG_DEPTH} levels deep (objects and arrays)`);
    }
    for (const key of Object.keys(node)) {
      const field = Array.isArray(node) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      if (FORBIDDEN_CONFIG_KEYS.has(key)) throw forbiddenKey(joinField(where, field), key);
      pending.push({ node: (node as Record<string, unknown>)[key], path: field, depth: depth + 1 });
    }
  }
}

/** Checks the dotted key of an override (`--set`, `--grid`, replica overrides) for keys reaching a prototype. */
export function assertSafeConfigPath(path: readonly string[], where: string): void {
  const key = path.find((part) => FORBIDDEN_CONFIG_KEYS.has(part));
  if (key !== undefined) throw forbiddenKey(where, key);
}

function forbiddenKey(field: string, key: string): ConfigError {
  return ConfigError.of(field, key, `config keys other than ${[...FORBIDDEN_CONFIG_KEYS].join(', ')} (they would change JavaScript object prototypes)`);
}

const joinField = (where: string, path: string) => (path ? (where ? `${where}: ${path}` : path) : where || '(config)');
