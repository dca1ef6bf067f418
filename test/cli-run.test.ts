import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshDirectory, readJsonl, runCli, smallProblem, smallRun, withOverrides } from './helpers';

describe('mfpg run', () => {
  it('writes the output contract: config.json, metrics.jsonl, summary.json, particles.json', async () => {
    const out = join(freshDirectory(), 'run');
    const { code, stdout } = await runCli(['run', ...smallRun, '--out', out]);
    expect(code).toBe(0);
    expect(stdout).toContain('completed 20/20 steps');
    const files = readdirSync(out).sort();
    for (const name of ['config.json', 'metrics.jsonl', 'particles.json', 'summary.json']) expect(files).toContain(name);
    // The plots of the contract, as SVG and PNG (the policy heat map needs the grid evaluator).
    for (const plot of ['value-objective', 'policy', 'particles']) for (const ext of ['svg', 'png']) expect(files).toContain(`${plot}.${ext}`);

    const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'));
    // Fully resolved: the environment's own defaults are filled in.
    expect(config.env.params).toMatchObject({ gamma: 0.9 });
    expect(config.particles.count).toBe(40);

    const rows = readJsonl(join(out, 'metrics.jsonl'));
    expect(rows.map((row) => row.step)).toEqual([0, 5, 10, 15, 20]);
    for (const row of rows) {
      for (const key of ['step', 't', 'value', 'objective', 'kl', 'gradNorm']) expect(Number.isFinite(row[key]), key).toBe(true);
      // J = F − (σ²/2)·KL with the default σ = 0.5.
      expect(row.objective).toBeCloseTo(row.value - 0.125 * row.kl, 12);
    }
    expect(rows[4].t).toBeCloseTo(1, 12);

    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ status: 'completed', steps: 20, totalSteps: 20 });
    expect(summary.final.step).toBe(20);
    const particles = JSON.parse(readFileSync(join(out, 'particles.json'), 'utf8'));
    expect(particles.theta).toHaveLength(40);
    expect(particles.theta[0]).toHaveLength(6);
  });

  it('gives byte-identical metrics for the same seed and different ones for another seed', async () => {
    const base = freshDirectory();
    const [a, b, c] = ['a', 'b', 'c'].map((name) => join(base, name));
    expect((await runCli(['run', ...smallRun, '--out', a])).code).toBe(0);
    expect((await runCli(['run', ...smallRun, '--out', b])).code).toBe(0);
    expect((await runCli(['run', ...smallRun, '--set', 'seed=1', '--out', c])).code).toBe(0);
    const metrics = (dir: string) => readFileSync(join(dir, 'metrics.jsonl'), 'utf8');
    expect(metrics(a)).toBe(metrics(b));
    expect(readFileSync(join(a, 'particles.json'), 'utf8')).toBe(readFileSync(join(b, 'particles.json'), 'utf8'));
    expect(metrics(c)).not.toBe(metrics(a));
  });

  it('reads YAML and JSON config files and refuses to overwrite a finished run', async () => {
    const base = freshDirectory();
    const yamlPath = join(base, 'config.yaml');
    writeFileSync(yamlPath, 'regularization:\n  sigma: 0.3\nparticles:\n  count: 30\n');
    const out = join(base, 'run');
    expect((await runCli(['run', yamlPath, ...withOverrides(...smallProblem), '--out', out])).code).toBe(0);
    const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'));
    expect(config.regularization.sigma).toBe(0.3);
    expect(config.particles.count).toBe(30);
    const jsonPath = join(base, 'config.json');
    writeFileSync(jsonPath, JSON.stringify({ seed: 7, particles: { count: 25 } }));
    const jsonOut = join(base, 'json-run');
    expect((await runCli(['run', jsonPath, ...withOverrides(...smallProblem), '--out', jsonOut])).code).toBe(0);
    expect(JSON.parse(readFileSync(join(jsonOut, 'config.json'), 'utf8'))).toMatchObject({ seed: 7, particles: { count: 25 } });
    const again = await runCli(['run', ...smallRun, '--out', out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('--out');
  });

  it('stops at the step where particles blow up, exit 3, keeping the metrics logged so far', async () => {
    const out = join(freshDirectory(), 'run');
    // Euler–Maruyama multiplies the particles by (1 − dt·σ²/(2 s0²)) = −11.5 each step at dt = 100.
    const { code, stderr } = await runCli(['run', ...smallRun, '--set', 'flow.dt=100', '--set', 'flow.horizon=3000', '--set', 'monitor.every=1', '--out', out]);
    expect(code).toBe(3);
    expect(stderr).toMatch(/diverged at step \d+/);
    expect(stderr).toContain('reduce flow.dt');
    const rows = readJsonl(join(out, 'metrics.jsonl'));
    expect(rows.length).toBeGreaterThan(0);
    const step = Number(/diverged at step (\d+)/.exec(stderr)?.[1]);
    // Every step before the divergence was logged (every = 1), none after it.
    expect(rows.map((row) => row.step)).toEqual(Array.from({ length: step }, (_, i) => i));
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).status).toBe('diverged');
    expect(existsSync(join(out, 'particles.json'))).toBe(false);
  });
});
