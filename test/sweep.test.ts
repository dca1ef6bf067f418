import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKER_COMMAND_VARIABLE } from '../packages/mfpg/src/sweeps/worker-command';
import { freshDirectory, runCli, smallProblem } from './helpers';

const repository = resolve(__dirname, '..');
const fixed = [...smallProblem, 'particles.count=30'].flatMap((override) => ['--set', override]);

function readCsv(path: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const keys = header.split(',');
  // Cells are plain, or quoted with "" for a quote (RFC 4180).
  const cells = (line: string) => [...line.matchAll(/(?:^|,)(?:"((?:[^"]|"")*)"|([^,]*))/g)].map((match) => match[1]?.replace(/""/g, '"') ?? match[2]);
  return lines.map((line) => Object.fromEntries(cells(line).map((cell, i) => [keys[i], cell])));
}

describe('mfpg sweep', () => {
  // Workers run the TypeScript sources (tsx), like the rest of the tests; a built CLI needs no setting.
  beforeAll(() => {
    process.env[WORKER_COMMAND_VARIABLE] = JSON.stringify([process.execPath, '--import', 'tsx', join(repository, 'packages/mfpg/src/cli/bin.ts')]);
  });
  afterAll(() => {
    delete process.env[WORKER_COMMAND_VARIABLE];
  });

  // Each worker is a fresh node process compiling the sources with tsx (≈ 3 s on an idle machine):
  // three of them, two at a time, hence the generous timeout for a loaded CI machine.
  it('runs the grid in 2 workers, records a divergence and carries on, and resumes', { timeout: 180_000 }, async () => {
    const out = join(freshDirectory(), 'sweep');
    // σ = 40: Euler–Maruyama multiplies θ by 1 − dt·σ²/(2 s0²) = −39 per step, so that run diverges.
    const args = ['sweep', ...fixed, '--grid', 'regularization.sigma=0.5,40', '--grid', 'seed=2..2', '--workers', '2', '--checkpoint-every', '5', '--out', out];
    const first = await runCli(args);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('sweep of 2 configurations: 1 completed, 1 diverged, 0 failed');
    const rows = readCsv(join(out, 'results.csv'));
    expect(rows.map((row) => [row['regularization.sigma'], row.seed, row.status])).toEqual([
      ['0.5', '2', 'completed'],
      ['40', '2', 'diverged'],
    ]);
    expect(Number(rows[0].steps)).toBe(20);
    // J = F − (σ²/2)·KL at σ = 0.5, from the run's own summary.
    expect(Number(rows[0].objective)).toBeCloseTo(Number(rows[0].value) - 0.125 * Number(rows[0].kl), 10);
    expect(rows[1].error).toContain('diverged at step');
    expect(readdirSync(join(out, 'plots')).sort()).toEqual(['final-objective.png', 'final-objective.svg', 'objective-curves.png', 'objective-curves.svg']);
    // Drawn by the Vega-Lite pipeline, with the runs' metadata under the title (σ and the seed are swept).
    const finalPlot = readFileSync(join(out, 'plots', 'final-objective.svg'), 'utf8');
    expect(finalPlot).toContain('class="marks"');
    expect(finalPlot).toContain('σ = swept · τ = ');
    expect(finalPlot).toContain('seed swept');

    // Resume: finished runs are skipped; a run killed after its last checkpoint is continued.
    const killed = join(out, 'runs', rows[0].id);
    const metrics = readFileSync(join(killed, 'metrics.jsonl'), 'utf8');
    const particles = readFileSync(join(killed, 'particles.json'), 'utf8');
    rmSync(join(killed, 'summary.json'));
    rmSync(join(killed, 'particles.json'));
    const again = await runCli(args);
    expect(again.code).toBe(0);
    expect(again.stderr.match(/\[\d\/2\]/g)).toHaveLength(2);
    // Continued from its checkpoint (step 20 of 20), not started over.
    expect(readFileSync(join(out, 'logs', `${rows[0].id}.log`), 'utf8')).toContain('resumed at step 20');
    expect(readdirSync(join(out, 'runs')).filter((name) => name.includes('.stale-'))).toEqual([]);
    expect(readFileSync(join(killed, 'metrics.jsonl'), 'utf8')).toBe(metrics);
    expect(readFileSync(join(killed, 'particles.json'), 'utf8')).toBe(particles);
    expect(readCsv(join(out, 'results.csv')).map((row) => row.objective)).toEqual(rows.map((row) => row.objective));
  });

  it('sweeps replica configurations: results.csv holds the means over each run\'s replicas', { timeout: 180_000 }, async () => {
    const out = join(freshDirectory(), 'sweep');
    const { code, stdout } = await runCli(['sweep', ...fixed, '--grid', 'replicas.count=1,2', '--workers', '2', '--checkpoint-every', '5', '--out', out]);
    expect(code).toBe(0);
    expect(stdout).toContain('sweep of 2 configurations: 2 completed');
    const [single, pair] = readCsv(join(out, 'results.csv'));
    expect([single.replicas, pair.replicas]).toEqual(['1', '2']);
    const finalOf = (...path: string[]) => JSON.parse(readFileSync(join(out, 'runs', ...path, 'summary.json'), 'utf8')).final as Record<string, number>;
    const replicas = [0, 1].map((k) => finalOf(pair.id, `replica-${k}`));
    for (const key of ['value', 'objective', 'kl']) {
      expect(Number(single[key])).toBe(finalOf(single.id)[key]);
      // The mean of the two replicas' own summaries (JSON numbers survive the CSV exactly).
      expect(Number(pair[key])).toBe((replicas[0][key] + replicas[1][key]) / 2);
    }
    // Replica 0 has the configuration's own seeds: it is the single run, number for number; replica 1 is not.
    expect(replicas[0].value).toBe(finalOf(single.id).value);
    expect(replicas[1].value).not.toBe(replicas[0].value);
    expect(readdirSync(join(out, 'plots'))).toContain('objective-curves.svg');
  });

  it('rejects bad grids with exit 2 naming the --grid entry, before any run', async () => {
    const base = freshDirectory();
    const cases: [string, string][] = [
      ['regularization.sigmaa=1,2', '--grid regularization.sigmaa=1,2'],
      ['seed=3..1', 'is empty'],
      ['seed=0..', '--grid seed=0..'],
      ['regularization.sigma=', 'at least one value'],
      ['regularization.sigma=0.1,,2', 'without empty items'],
      ['regularization.sigma=0.5,-1', '--grid regularization.sigma=0.5,-1'],
      ['=1', 'key.path=v1,v2'],
    ];
    for (const [grid, message] of cases) {
      const out = join(base, `sweep-${cases.findIndex((entry) => entry[0] === grid)}`);
      const { code, stderr } = await runCli(['sweep', ...fixed, '--grid', grid, '--out', out]);
      expect(code, grid).toBe(2);
      expect(stderr, grid).toContain(message);
      expect(existsSync(out), grid).toBe(false);
    }
    const noGrid = await runCli(['sweep', ...fixed, '--out', join(base, 'none')]);
    expect(noGrid.code).toBe(2);
    expect(noGrid.stderr).toContain('--grid');
  });
});
