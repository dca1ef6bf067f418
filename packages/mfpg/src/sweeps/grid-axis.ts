import { assertSafeConfigPath, assertSafeConfigValue, ConfigError } from '@mfpg/core';

/** One `--grid key=values` entry: a config field and the values it takes in the sweep. */
export interface GridAxis {
  /** The entry as given, for messages. */
  readonly text: string;
  /** Dotted config path, e.g. `regularization.sigma`. */
  readonly key: string;
  /** The values, in order (JSON-parsed when they are JSON, else strings). */
  readonly values: readonly unknown[];
}

const KEY = /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*)*$/;
const RANGE = /^(-?\d+)\.\.(-?\d+)$/;
const LARGEST_RANGE = 10_000;

function parseValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/**
 * Parses `--grid key=v1,v2,…` or `--grid key=A..B` (integers A to B inclusive, A ≤ B). A malformed
 * entry or an empty range is a ConfigError naming the entry (exit 2).
 */
export function parseGridAxis(text: string): GridAxis {
  const field = `--grid ${text}`;
  const at = text.indexOf('=');
  const key = at < 0 ? '' : text.slice(0, at).trim();
  if (!KEY.test(key)) throw ConfigError.of(field, text, 'key.path=v1,v2,… or key.path=A..B, e.g. regularization.sigma=0.2,0.5,1 or seed=0..3');
  assertSafeConfigPath(key.split('.'), field);
  const raw = text.slice(at + 1).trim();
  if (raw.length === 0) throw ConfigError.of(field, raw, `at least one value for ${key}`);
  const range = RANGE.exec(raw);
  if (range) {
    const [from, to] = [Number(range[1]), Number(range[2])];
    if (from > to) throw ConfigError.of(field, raw, `a non-empty integer range A..B with A ≤ B (${from}..${to} is empty)`);
    if (to - from + 1 > LARGEST_RANGE) throw ConfigError.of(field, raw, `at most ${LARGEST_RANGE} values`);
    return { text, key, values: Array.from({ length: to - from + 1 }, (_, i) => from + i) };
  }
  if (raw.includes('..')) throw ConfigError.of(field, raw, 'an integer range A..B (e.g. 0..3) or a comma-separated list of values');
  const parts = raw.split(',').map((part) => part.trim());
  if (parts.some((part) => part.length === 0)) throw ConfigError.of(field, raw, 'a comma-separated list of values without empty items');
  const values = parts.map(parseValue);
  assertSafeConfigValue(values, field);
  return { text, key, values };
}

/**
 * Checks the axes together: each key once, and no key inside another (`env.params` and
 * `env.params.gamma` would set one field twice and mislabel the results' columns).
 */
export function assertDistinctAxes(axes: readonly GridAxis[]): void {
  for (let a = 0; a < axes.length; a++) {
    for (let b = 0; b < a; b++) {
      const [first, second] = [axes[b].key, axes[a].key];
      if (first === second || second.startsWith(`${first}.`) || first.startsWith(`${second}.`)) {
        throw ConfigError.of(`--grid ${axes[a].text}`, axes[a].key, `a field no other --grid sets; --grid ${axes[b].text} already sweeps ${first === second ? 'it' : first}; list all its values in one --grid`);
      }
    }
  }
}

/** The number of configurations of the grid (the product of the axes' lengths), without enumerating them. */
export function gridSize(axes: readonly GridAxis[]): number {
  return axes.reduce((count, axis) => count * axis.values.length, 1);
}
