import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshDirectory, runCli, smallProblem, withOverrides } from './helpers';

/**
 * Every bad input exits with code 2 before any work — no output folder is created — and the message
 * names the field, what was given and what is allowed.
 */
describe('mfpg run: bad input', () => {
  const cases: [string, string[], RegExp[]][] = [
    ['unknown environment', ['env.name=moon-lander'], [/env\.name/, /"moon-lander"/, /controlled-torus/]],
    ['unknown integrator', ['flow.integrator=rk4'], [/flow\.integrator/, /"rk4"/, /euler-maruyama/]],
    ['unknown unit', ['policy.unit=transformer'], [/policy\.unit/, /neuron/]],
    ['unknown activation', ['policy.activation=relu'], [/policy\.activation/, /tanh/]],
    ['unknown backend', ['backend.name=quantum'], [/backend\.name/, /cpu/]],
    ['unknown evaluator', ['evaluator.name=oracle'], [/evaluator\.name/, /grid/]],
    ['τ = 0', ['regularization.tau=0'], [/regularization\.tau/, /given 0/, /> 0/]],
    ['τ < 0', ['regularization.tau=-1'], [/regularization\.tau/, /given -1/]],
    ['σ < 0', ['regularization.sigma=-0.1'], [/regularization\.sigma/, /≥ 0/]],
    ['dt = 0', ['flow.dt=0'], [/flow\.dt/, /> 0/]],
    ['dt < 0', ['flow.dt=-0.05'], [/flow\.dt/]],
    ['γ = 1', ['env.params.gamma=1'], [/env\.params\.gamma/, /given 1/]],
    ['γ < 0', ['env.params.gamma=-0.5'], [/env\.params\.gamma/]],
    ['no particles', ['particles.count=0'], [/particles\.count/, /integer ≥ 1/]],
    ['fractional particle count', ['particles.count=2.5'], [/particles\.count/]],
    ['grid of size 0', ['env.grid.states=0'], [/env\.grid\.states/, /integer ≥ 1/]],
    ['non-numeric override', ['regularization.sigma=abc'], [/regularization\.sigma/, /"abc"/]],
    ['unknown top-level key', ['learningRate=0.1'], [/learningRate/, /known keys: env, policy/]],
    ['unknown nested key', ['flow.steps=10'], [/flow\.steps/, /known keys: integrator, dt, horizon/]],
    ['unknown environment parameter', ['env.params.wind=3'], [/env\.params\.wind/]],
  ];

  it.each(cases)('%s', async (_label, overrides, patterns) => {
    const out = join(freshDirectory(), 'run');
    const { code, stderr } = await runCli(['run', ...withOverrides(...smallProblem, ...overrides), '--out', out]);
    expect(code).toBe(2);
    expect(stderr).toContain('bad input');
    for (const pattern of patterns) expect(stderr).toMatch(pattern);
    expect(existsSync(out)).toBe(false);
  });

  it('reports every bad field at once', async () => {
    const { code, stderr } = await runCli(['run', ...withOverrides('regularization.tau=0', 'flow.dt=-1')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/regularization\.tau/);
    expect(stderr).toMatch(/flow\.dt/);
  });

  it('rejects a malformed --set, a missing or invalid config file, and a missing plugin file', async () => {
    const base = freshDirectory();
    expect((await runCli(['run', '--set', 'sigma']).then((r) => r.stderr))).toMatch(/--set.*key\.path=value/s);
    const missing = await runCli(['run', join(base, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/CONFIG.*nope\.json/s);
    const broken = join(base, 'broken.json');
    writeFileSync(broken, '{ "seed": ');
    const invalid = await runCli(['run', broken]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/valid JSON/);
    const notAnObject = join(base, 'list.json');
    writeFileSync(notAnObject, '[1, 2]');
    expect((await runCli(['run', notAnObject])).code).toBe(2);
    const plugin = await runCli(['run', '--plugin', join(base, 'missing-plugin.js')]);
    expect(plugin.code).toBe(2);
    expect(plugin.stderr).toMatch(/--plugin/);
    const empty = join(base, 'empty-plugin.mjs');
    writeFileSync(empty, 'export const answer = 42;\n');
    const useless = await runCli(['run', '--plugin', empty]);
    expect(useless.code).toBe(2);
    expect(useless.stderr).toMatch(/ContainerModule/);
  });

  it('rejects an unknown option or command with exit code 2', async () => {
    expect((await runCli(['run', '--frobnicate'])).code).toBe(2);
    expect((await runCli(['fly'])).code).toBe(2);
  });
});
