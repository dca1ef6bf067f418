import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors';
import { assertSafeConfigPath, assertSafeConfigValue, MAX_CONFIG_DEPTH } from './config-safety';
import { parseOverride, resolveConfig } from './overrides';

/** `depth` levels of nesting, built iteratively (as a parser would hand them over). */
function nest(depth: number): unknown {
  let value: unknown = 1;
  for (let level = 0; level < depth; level++) value = level % 2 ? [value] : { a: value };
  return value;
}

describe('config safety', () => {
  it('refuses keys that reach a prototype at any depth, naming where', () => {
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const value = JSON.parse(`{"env": {"params": [{"${key}": {"x": 1}}]}}`);
      expect(() => assertSafeConfigValue(value, 'config.json')).toThrow(ConfigError);
      expect(() => assertSafeConfigValue(value, 'config.json')).toThrow(new RegExp(`config\\.json: env\\.params\\[0\\]\\.${key}`));
    }
    expect(() => assertSafeConfigPath(['env', '__proto__', 'name'], '--set env.__proto__.name')).toThrow(/--set env\.__proto__\.name/);
    expect(() => parseOverride('a.constructor.b=1')).toThrow(ConfigError);
    expect(() => parseOverride('env.params={"__proto__":{"polluted":1}}')).toThrow(ConfigError);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it(`takes nesting up to ${MAX_CONFIG_DEPTH} levels and refuses deeper, even 100 000 levels, without recursion`, () => {
    expect(() => assertSafeConfigValue(nest(MAX_CONFIG_DEPTH), '')).not.toThrow();
    expect(() => assertSafeConfigValue(nest(MAX_CONFIG_DEPTH + 1), '')).toThrow(/nesting at most 64 levels/);
    expect(() => assertSafeConfigValue(nest(100_000), '')).toThrow(ConfigError);
    expect(() => resolveConfig({ env: { params: nest(100_000) } })).toThrow(ConfigError);
  });

  it('refuses monitor.klNeighbors ≥ particles.count with the config', () => {
    expect(() => resolveConfig({ particles: { count: 5 }, monitor: { klNeighbors: 5 } })).toThrow(/monitor\.klNeighbors.*below particles\.count/);
    expect(resolveConfig({ particles: { count: 5 }, monitor: { klNeighbors: 4 } }).monitor.klNeighbors).toBe(4);
  });
});
