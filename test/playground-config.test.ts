/**
 * The playground's settings ↔ URL ↔ mfpg configuration (packages/playground/src/playground-config.ts):
 * every configuration the page can make passes the command line's own validation (the config
 * schema and every selected plugin's parameters), so config.json downloaded from the page runs
 * unchanged with `mfpg run`.
 */
import { createFlow, resolveConfig } from 'mfpg';
import { describe, expect, it } from 'vitest';
import { customEnvironmentModule, EnvironmentCodeError } from '../packages/playground/src/custom-environment';
import { DEFAULT_ENVIRONMENT_CODE } from '../packages/playground/src/environment-code';
import {
  configFromState,
  DEFAULT_STATE,
  WEBGL_BACKEND,
  INTEGRATORS,
  PRESETS,
  type PlaygroundState,
  queryFromState,
  stateFromQuery,
} from '../packages/playground/src/playground-config';

/** Small sizes: validation and engine construction (grid discretisation) are what is tested. */
const small = (state: Partial<PlaygroundState>): PlaygroundState => ({ ...DEFAULT_STATE, n: 20, horizon: 0.1, ...state });

describe('playground configuration', () => {
  it.each(Object.keys(PRESETS).filter((preset) => preset !== 'custom'))('preset %s builds a flow through the command line’s validation', (preset) => {
    const input = configFromState(small({ preset }));
    const { config } = createFlow(input);
    expect(config.env.name).toBe(PRESETS[preset].env);
    // config.json as the page writes it: the resolved config, read back unchanged.
    expect(resolveConfig(JSON.parse(JSON.stringify(config)))).toEqual(config);
  });

  it('every integrator, σ = 0 and coupled replicas are valid settings', () => {
    for (const integrator of INTEGRATORS) expect(() => resolveConfig(configFromState(small({ integrator, sigma: 0 })))).not.toThrow();
    const replicas = resolveConfig(configFromState(small({ replicas: true })));
    expect(replicas.replicas).toMatchObject({ count: 2, noise: 'shared' });
    expect(replicas.backend).toEqual({ name: 'cpu', params: { threads: 1 } });
    // What the worker runs gpu.js with is a valid config for `mfpg run` too (in Node, gpu.js picks webasm or cpu).
    const { config, engine } = createFlow({ ...configFromState(small({})), backend: WEBGL_BACKEND });
    expect(config.backend).toEqual(WEBGL_BACKEND);
    expect(engine.particleCount).toBe(20);
  });

  it('the default state is the default `mfpg run` (B3, N = 1000, τ 0.1, σ 0.5, dt 0.05, t = 20)', () => {
    const page = resolveConfig(configFromState(DEFAULT_STATE));
    const cli = resolveConfig({});
    expect({ ...page, backend: cli.backend }).toEqual(cli);
  });

  it('the edited environment registers as `custom` and runs; broken code is an EnvironmentCodeError', async () => {
    const { engine } = createFlow(configFromState(small({ preset: 'custom' })), { modules: [customEnvironmentModule(DEFAULT_ENVIRONMENT_CODE)] });
    expect(engine.env.id).toBe('two-mode-bandit');
    await engine.run();
    expect(() => customEnvironmentModule('return {')).toThrow(EnvironmentCodeError);
    expect(() => customEnvironmentModule('throw new Error("boom")')).toThrow(/threw: boom/);
    expect(() => customEnvironmentModule('return 3')).toThrow(/must return an Environment object/);
    expect(() => customEnvironmentModule('return { id: "x", gamma: "0.9" }')).toThrow(/not an Environment: stateSpace \(an object, given undefined\).*gamma \(a number, given string\)/);
  });

  it('the URL holds the settings: state → query → state is the identity, defaults are left out', () => {
    const state = small({ preset: 'pendulum', tau: 0.3, sigma: 1.25, dt: 0.01, integrator: 'heun', seed: 7, backend: 'webgl', replicas: true, x: 2, y: 3 });
    expect(stateFromQuery(queryFromState(state))).toEqual(state);
    expect(queryFromState(DEFAULT_STATE)).toBe('');
    const custom = small({ preset: 'custom', code: 'return { id: "a&b=c" };' });
    expect(stateFromQuery(queryFromState(custom))).toEqual(custom);
    // Unreadable values fall back to the defaults; out-of-range ones are the schema's to report.
    expect(stateFromQuery('?n=abc&env=nope&integrator=rk4&backend=cuda')).toEqual(DEFAULT_STATE);
    expect(stateFromQuery('?backend=cpu').backend).toBe('cpu');
    expect(() => resolveConfig(configFromState(stateFromQuery('?n=-5')))).toThrow(/particles\.count/);
  });
});
