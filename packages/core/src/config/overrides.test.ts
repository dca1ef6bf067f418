import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors';
import { defaultConfig } from './default-config';
import { applyOverride, formatOverride, mergeConfig, parseOverride, resolveConfig } from './overrides';

describe('parseOverride', () => {
  it('reads JSON values and keeps anything else as a string', () => {
    expect(parseOverride('regularization.sigma=0.8')).toEqual({ path: ['regularization', 'sigma'], value: 0.8 });
    expect(parseOverride('particles.init.mean=[0,1]')).toEqual({ path: ['particles', 'init', 'mean'], value: [0, 1] });
    expect(parseOverride('policy.outputBound=null').value).toBeNull();
    expect(parseOverride('env.name=pendulum').value).toBe('pendulum');
    expect(parseOverride('regularization.sigma=abc').value).toBe('abc');
  });

  it('keeps a number JSON would read as Infinity as the text given, so errors quote it', () => {
    expect(parseOverride('flow.dt=1e400').value).toBe('1e400');
    expect(parseOverride('particles.init.mean=[0,-1e400]').value).toBe('[0,-1e400]');
    expect(() => resolveConfig({}, ['flow.dt=1e400'])).toThrow(/flow\.dt: given "1e400"/);
  });

  it('rejects a missing = or a malformed key, naming --set', () => {
    for (const bad of ['sigma', '=3', 'a..b=1', '.a=1']) {
      expect(() => parseOverride(bad)).toThrow(ConfigError);
      expect(() => parseOverride(bad)).toThrow(/--set/);
    }
  });
});

describe('formatOverride', () => {
  it('writes an override that parseOverride reads back to the same value', () => {
    for (const value of [1.5, -0.1 + 0.2, 'uniform', [0, 1], { a: 1 }, null]) {
      const text = formatOverride({ path: ['particles', 'init', 'x'], value });
      expect(parseOverride(text)).toEqual({ path: ['particles', 'init', 'x'], value });
    }
    expect(formatOverride('seed=3')).toBe('seed=3');
  });
});

describe('mergeConfig', () => {
  it('merges plain objects deeply and replaces arrays and scalars', () => {
    expect(mergeConfig({ a: { b: 1, c: [1, 2] }, d: 1 }, { a: { c: [3] }, d: 2 })).toEqual({ a: { b: 1, c: [3] }, d: 2 });
  });

  it('replaces a section that switches plugin, keeping the environment grid and emptying params', () => {
    expect(mergeConfig(defaultConfig.particles.init, { name: 'uniform', low: -1, high: 1 }, 'particles.init')).toEqual({ name: 'uniform', low: -1, high: 1 });
    const env = mergeConfig({ name: 'controlled-torus', params: { beta: 0.2 }, grid: { states: 16 } }, { name: 'pendulum' }, 'env');
    expect(env).toEqual({ name: 'pendulum', params: {}, grid: { states: 16 } });
  });
});

describe('applyOverride', () => {
  it('merges an object value into the section already there', () => {
    const target = structuredClone(defaultConfig) as unknown as Record<string, unknown>;
    applyOverride(target, parseOverride('monitor.sinks={"csv":{}}'));
    expect((target.monitor as { sinks: object }).sinks).toEqual({ progress: {}, jsonl: {}, plots: {}, csv: {} });
  });

  it('creates missing objects along the path', () => {
    const target: Record<string, unknown> = {};
    applyOverride(target, { path: ['a', 'b', 'c'], value: 1 });
    expect(target).toEqual({ a: { b: { c: 1 } } });
  });
});

describe('resolveConfig', () => {
  it('gives the embedded default when nothing is given', () => {
    expect(resolveConfig()).toEqual(defaultConfig);
  });

  it('applies a file, then overrides, and validates the result', () => {
    const config = resolveConfig({ seed: 3, particles: { count: 10 } }, ['particles.count=20', 'regularization.sigma=0']);
    expect(config.seed).toBe(3);
    expect(config.particles.count).toBe(20);
    expect(config.regularization.sigma).toBe(0);
  });

  it('reports every bad field with what was given and what is allowed', () => {
    try {
      resolveConfig({ flow: { dt: -1 }, nonsense: 1 }, ['regularization.tau=0']);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const issues = (error as ConfigError).issues;
      expect(issues.map((issue) => issue.field).sort()).toEqual(['flow.dt', 'nonsense', 'regularization.tau']);
      expect(issues.find((issue) => issue.field === 'flow.dt')).toMatchObject({ given: -1, allowed: expect.stringContaining('> 0') });
      expect(issues.find((issue) => issue.field === 'nonsense')?.allowed).toContain('known keys: env, policy');
    }
  });

  it('refuses a config that is not an object', () => {
    expect(() => resolveConfig([1, 2])).toThrow(ConfigError);
  });
});
