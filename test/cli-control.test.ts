import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { freshDirectory, runCli, withOverrides } from './helpers';

const repository = resolve(__dirname, '..');

/** Runs `mfpg act` as a real process (stdin/stdout pipes), with the sources under tsx. */
function act(args: string[], input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(repository, 'packages/mfpg/src/cli/bin.ts'), 'act', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += String(chunk)));
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('mfpg rollout, act and optimum', () => {
  let run: string;
  beforeAll(async () => {
    run = join(freshDirectory(), 'pendulum');
    const overrides = ['env.name=pendulum', 'env.grid.states=9', 'env.grid.actions=5', 'particles.count=20', 'flow.horizon=0.2', 'monitor.sinks.plots=false'];
    expect((await runCli(['run', ...withOverrides(...overrides), '--out', run])).code).toBe(0);
  }, 60_000);

  it('a grid run records the optimum V*(ρ) of its grid in summary.json, above its F', () => {
    const summary = JSON.parse(readFileSync(join(run, 'summary.json'), 'utf8'));
    expect(summary.optimum.stateCount).toBe(81);
    expect(summary.optimum.value).toBeGreaterThanOrEqual(summary.final.value);
  });

  it('rollout reports the return ± standard error and the soft value against F, the same for the same seed', async () => {
    const args = ['rollout', run, '--episodes', '3', '--value-episodes', '3', '--seed', '2', '--json'];
    const first = await runCli(args);
    expect(first.code).toBe(0);
    const result = JSON.parse(first.stdout);
    expect(result.returns).toHaveLength(3);
    expect(result.lengths).toEqual([200, 200, 200]);
    expect(Number.isFinite(result.meanReturn.standardError)).toBe(true);
    expect(typeof result.resolved).toBe('boolean');
    expect((await runCli(args)).stdout).toBe(first.stdout);
    const text = await runCli(['rollout', run, '--episodes', '2', '--value-episodes', '2']);
    expect(text.stdout).toMatch(/return .* ± .*\n/);
    expect(text.stdout).toMatch(/grid F/);
    expect(text.stdout).toMatch(/grid V\*\(ρ\) +-?\d/);
    expect(result.gridOptimum).toBeGreaterThanOrEqual(result.gridValue);
  });

  it('rollout and act: exit 2 for a folder that is not a finished run, episodes ≤ 0, a bad mode', async () => {
    const empty = freshDirectory();
    for (const args of [['rollout', empty], ['act', empty], ['rollout', run, '--episodes', '0'], ['rollout', run, '--episodes', '-3'], ['rollout', run, '--mode', 'greedy']]) {
      const result = await runCli(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/bad input/);
      expect(result.stderr).not.toMatch(/\bat .*\.ts:\d+/);
    }
    // 1e8 lockstep episodes need 1e8 × G × (p + 1) doubles, far over 4 GiB: refused before any work,
    // not an out-of-memory failure after the episodes' states were drawn.
    for (const option of ['--episodes', '--value-episodes']) {
      const tooMany = await runCli(['rollout', run, ...(option === '--episodes' ? [] : ['--episodes', '1']), option, '100000000']);
      expect(tooMany.code, option).toBe(2);
      expect(tooMany.stderr).toMatch(new RegExp(`${option}: given 100000000; allowed: at most \\d+ episodes here`));
    }
    const diverged = freshDirectory();
    writeFileSync(join(diverged, 'summary.json'), JSON.stringify({ status: 'diverged' }));
    const result = await runCli(['rollout', diverged]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/finished run.*diverged/);
  });

  it('act answers one JSON array per state line; a malformed line gets an error on stderr and serving goes on', { timeout: 60_000 }, async () => {
    const result = await act([run], '[0.1, -0.5]\nnot json\n[1, 2, 3]\n{"s": 1}\n[3.0, 1.0]\n');
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines).toHaveLength(2);
    for (const action of lines) {
      expect(action).toHaveLength(1);
      expect(Math.abs(action[0])).toBeLessThanOrEqual(2);
    }
    expect(result.stderr.trim().split('\n')).toHaveLength(3);
    expect(result.stderr).toMatch(/line 2: not JSON/);
    expect(result.stderr).toMatch(/line 3: got an array of 3 numbers/);
    // The mode action is a function of the state: the same state gives the same line.
    const again = await act([run], '[0.1, -0.5]\n');
    expect(JSON.parse(again.stdout)).toEqual(lines[0]);
  });

  it('optimum prints V*(ρ) of an environment on its grid; exit 2 for an unknown environment', async () => {
    const result = await runCli(['optimum', 'torus-bandit', '--set', 'env.grid.actions=32', '--json']);
    expect(result.code).toBe(0);
    // B1: V* = τ log I0(α/τ)/(1−γ) with α = 1, τ = 0.1, γ = 0.9: 10·0.1·log I0(10) = 7.9429…
    expect(JSON.parse(result.stdout).value).toBeCloseTo(Math.log(2815.716628466254), 6);
    expect((await runCli(['optimum', 'no-such-env'])).code).toBe(2);
  });

  it('presets: listed by mfpg list, valid configs, runnable with --set on top', async () => {
    const list = await runCli(['list']);
    expect(list.stdout).toMatch(/preset \(mfpg run --preset <name>\)\n {2}mountain-car-continuous .*\n {2}pendulum /);
    const out = join(freshDirectory(), 'preset');
    const result = await runCli(['run', '--preset', 'mountain-car-continuous', ...withOverrides('env.grid.states=9', 'env.grid.actions=3', 'flow.horizon=0.1', 'monitor.sinks.plots=false'), '--out', out]);
    expect(result.code).toBe(0);
    const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'));
    expect(config.env.params.featureScaling).toBe('normalized');
    expect(config.policy.outputBound).toBeNull();
    expect((await runCli(['run', '--preset', 'no-such-preset'])).code).toBe(2);
  });
});
