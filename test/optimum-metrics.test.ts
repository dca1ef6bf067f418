import { join } from 'node:path';
import { runExperiment } from 'mfpg';
import { describe, expect, it } from 'vitest';
import { freshDirectory, readJsonl } from './helpers';

const small = { env: { grid: { states: 12, actions: 12 } }, particles: { count: 30 }, flow: { horizon: 0.5 }, monitor: { every: 5, sinks: { progress: false, plots: false } } };

describe('suboptimality and grid-refinement metrics', () => {
  it('suboptimality = V*(ρ) − F ≥ 0 with V*(ρ) the optimum of summary.json', async () => {
    const out = join(freshDirectory(), 'run');
    const { summary } = await runExperiment({ ...small, monitor: { ...small.monitor, metrics: [{ name: 'suboptimality', every: 5 }] } }, { out });
    const rows = readJsonl(join(out, 'metrics.jsonl')).filter((row) => 'objective/suboptimality' in row);
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows) {
      expect(row['objective/optimum']).toBe(summary.optimum?.value);
      // No policy on the grid beats its optimum; V* is accurate to 1e−9.
      expect(row['objective/suboptimality']).toBeGreaterThan(-1e-9);
      expect(row['objective/suboptimality']).toBeCloseTo((summary.optimum?.value as number) - row.value, 12);
    }
  });

  it('grid-refinement on the run’s own grid reproduces F (its own kernels and solver vs the run’s), and moves on a finer grid', async () => {
    const out = join(freshDirectory(), 'run');
    const metrics = [{ name: 'grid-refinement', every: 5, states: 12, actions: 12 }];
    await runExperiment({ ...small, monitor: { ...small.monitor, metrics } }, { out });
    const rows = readJsonl(join(out, 'metrics.jsonl')).filter((row) => 'grid/refined-value' in row);
    expect(rows.length).toBeGreaterThan(1);
    // Same grid, same policy, the same backend's kernels: only the two solvers' round-off can differ (|F| ≲ 10).
    for (const row of rows) expect(Math.abs(row['grid/refinement-gap'])).toBeLessThan(1e-10 * Math.abs(row.value) + 1e-12);
    const finer = join(freshDirectory(), 'finer');
    await runExperiment({ ...small, monitor: { ...small.monitor, metrics: [{ name: 'grid-refinement', every: 5 }] } }, { out: finer });
    const refined = readJsonl(join(finer, 'metrics.jsonl')).filter((row) => 'grid/refined-value' in row);
    expect(refined.some((row) => Math.abs(row['grid/refinement-gap']) > 1e-6)).toBe(true);
  });
});
