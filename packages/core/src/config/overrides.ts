import { z, type ZodType } from 'zod';
import { ConfigError, type ConfigIssue } from '../errors';
import { assertSafeConfigPath, assertSafeConfigValue } from './config-safety';
import { defaultConfig } from './default-config';
import { OVERRIDE_KEY } from './override-key';
import { type RunConfig, RunConfigSchema } from './run-config';

/** A dotted override `a.b.c=value` from the command line. */
export interface ConfigOverride {
  readonly path: readonly string[];
  readonly value: unknown;
}


/**
 * Parses `key.path=value`. The value is read as JSON when it is valid JSON (numbers, booleans, null,
 * arrays, objects, quoted strings) and as a plain string otherwise, so `--set sigma=abc` reaches the
 * schema as the string "abc" and is reported there with the field's name.
 */
export function parseOverride(text: string): ConfigOverride {
  const at = text.indexOf('=');
  const key = at < 0 ? text : text.slice(0, at);
  if (at < 0 || !OVERRIDE_KEY.test(key)) {
    throw ConfigError.of('--set', text, 'key.path=value, e.g. regularization.sigma=0.8');
  }
  const raw = text.slice(at + 1);
  let value: unknown = raw;
  try {
    value = JSON.parse(raw);
  } catch {
    // Not JSON: keep the raw string; the schema decides whether a string is allowed there.
  }
  // JSON reads 1e400 as Infinity, which error messages would print as null: keep the text as given.
  if (holdsNonFiniteNumber(value)) value = raw;
  const path = key.split('.');
  assertSafeConfigPath(path, `--set ${key}`);
  assertSafeConfigValue(value, `--set ${key}`);
  return { path, value };
}

function holdsNonFiniteNumber(value: unknown): boolean {
  if (typeof value === 'number') return !Number.isFinite(value);
  if (typeof value !== 'object' || value === null) return false;
  return Object.values(value).some(holdsNonFiniteNumber);
}

/**
 * The text form `key.path=value` of an override, read back by {@link parseOverride} to the same
 * value (an object's value is written as JSON).
 */
export function formatOverride(override: string | ConfigOverride): string {
  return typeof override === 'string' ? override : `${override.path.join('.')}=${JSON.stringify(override.value)}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Deep merge of plain objects (arrays and scalars replace). A section that switches plugin — both
 * sides have a `name` and they differ — is replaced whole, since the old plugin's options mean
 * nothing to the new one; `env` keeps its grid because grid sizes belong to the evaluator.
 */
export function mergeConfig(base: unknown, patch: unknown, path = ''): unknown {
  if (!isPlainObject(base) || !isPlainObject(patch)) return patch === undefined ? base : patch;
  if (typeof base.name === 'string' && typeof patch.name === 'string' && base.name !== patch.name) {
    const kept = path === 'env' ? { grid: base.grid } : {};
    return { ...kept, ...('params' in base ? { params: {} } : {}), ...patch };
  }
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) merged[key] = mergeConfig(base[key], value, path ? `${path}.${key}` : key);
  return merged;
}

/**
 * Sets `value` at `path` inside `target`, creating plain objects on the way. An object value is
 * merged into the object already there, as a config file's section would be (so
 * `--set monitor.sinks={"plots":{}}` adds a sink instead of dropping the default ones).
 */
export function applyOverride(target: Record<string, unknown>, override: ConfigOverride): void {
  let node: Record<string, unknown> = target;
  override.path.forEach((key, index) => {
    if (index === override.path.length - 1) {
      node[key] = mergeConfig(node[key], override.value, override.path.join('.'));
      return;
    }
    const next = node[key];
    if (!isPlainObject(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  });
}

function schemaAt(schema: ZodType, path: readonly PropertyKey[]): ZodType | undefined {
  let node: unknown = schema;
  // An optional section (e.g. `schedules`) lists the keys of the object it wraps.
  const unwrap = (value: unknown) => (value instanceof z.ZodOptional ? value.unwrap() : value);
  for (const key of path) {
    const shape = (unwrap(node) as { shape?: Record<string, unknown> }).shape;
    if (!shape || typeof key !== 'string' || !(key in shape)) return undefined;
    node = shape[key];
  }
  return unwrap(node) as ZodType;
}

/** Turns zod issues into field/given/allowed triples; unknown keys list the keys that exist. */
export function toConfigIssues(
  issues: readonly { code: string; path: readonly PropertyKey[]; message: string; input?: unknown; keys?: readonly string[] }[],
  schema: ZodType,
  prefix = '',
): ConfigIssue[] {
  const join = (path: readonly PropertyKey[]) => [prefix, ...path.map(String)].filter(Boolean).join('.');
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys' && issue.keys) {
      const shape = (schemaAt(schema, issue.path) as { shape?: Record<string, unknown> } | undefined)?.shape;
      const known = shape ? Object.keys(shape).join(', ') : 'none';
      const input = issue.input as Record<string, unknown> | undefined;
      return issue.keys.map((key) => ({
        field: join([...issue.path, key]),
        given: input?.[key],
        allowed: `no key "${key}" here; known keys: ${known}`,
      }));
    }
    return [{ field: join(issue.path), given: issue.input, allowed: issue.message }];
  });
}

/**
 * The resolved configuration: the embedded default, overlaid with `input` (a config file's
 * contents) and then with dotted `overrides`, validated strictly. Throws ConfigError naming every
 * bad field. Plugin-specific parameters (env.params, …) are checked later, when plugins are known.
 */
export function resolveConfig(input: unknown = {}, overrides: readonly (string | ConfigOverride)[] = []): RunConfig {
  if (!isPlainObject(input)) throw ConfigError.of('(config)', input, 'a JSON/YAML object with keys env, policy, regularization, particles, flow, evaluator, backend, seed, monitor, replicas, plugins, schedules');
  assertSafeConfigValue(input, '');
  const merged = mergeConfig(defaultConfig, input) as Record<string, unknown>;
  const draft = structuredClone(merged);
  for (const override of overrides) {
    const parsedOverride = typeof override === 'string' ? parseOverride(override) : override;
    if (typeof override !== 'string') {
      assertSafeConfigPath(override.path, `override ${override.path.join('.')}`);
      assertSafeConfigValue(override.value, `override ${override.path.join('.')}`);
    }
    applyOverride(draft, parsedOverride);
  }
  const parsed = RunConfigSchema.safeParse(draft, { reportInput: true });
  if (!parsed.success) throw new ConfigError(toConfigIssues(parsed.error.issues, RunConfigSchema));
  const config = parsed.data;
  // The k-NN entropy estimate needs k other particles (docs/math.md §5): caught here, before any file.
  if (config.monitor.klNeighbors >= config.particles.count) {
    throw ConfigError.of('monitor.klNeighbors', config.monitor.klNeighbors, `an integer below particles.count (N = ${config.particles.count}): the k-nearest-neighbour KL estimate needs k other particles`);
  }
  return config;
}
