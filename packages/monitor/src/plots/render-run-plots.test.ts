import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convergenceChart } from './charts/convergence-chart';
import { policyHeatmapChart } from './charts/policy-heatmap-chart';
import { renderRunPlots } from './render-run-plots';
import { type PolicyGrid, type RunData, readRunData } from './run-files';

// J(t) = J_∞ − A e^{−λt} exactly, with the rate fit's keys as the exponential-rate metric logs them.
const limit = 2;
const amplitude = 0.75;
const lambda = 0.8;
const rows = Array.from({ length: 11 }, (_, k) => {
  const t = 0.5 * k;
  return { step: 10 * k, t, value: limit + 0.1, objective: limit - amplitude * Math.exp(-lambda * t), kl: 1, gradNorm: 0.1, 'rate/lambda': lambda, 'rate/j-infinity': limit };
});
const policy: PolicyGrid = {
  step: 100,
  t: 5,
  stateDim: 1,
  actionDim: 1,
  states: [[0.25], [0.75]],
  actions: [[0], [0.5], [1]],
  logPolicy: [
    [Math.log(0.5), Math.log(1), Math.log(1.5)],
    [Math.log(2), Math.log(0.5), Math.log(0.5)],
  ],
};

function runFolder(extraRows: Record<string, number>[] = []): string {
  const directory = mkdtempSync(join(tmpdir(), 'mfpg-plots-'));
  writeFileSync(join(directory, 'metrics.jsonl'), [...rows, ...extraRows].map((row) => `${JSON.stringify(row)}\n`).join(''));
  writeFileSync(join(directory, 'policy.json'), JSON.stringify(policy));
  writeFileSync(join(directory, 'clouds.json'), JSON.stringify({ particleCount: 2, dim: 3, snapshots: [{ step: 0, t: 0, theta: [[1, 2, 3], [4, 5, 6]] }] }));
  return directory;
}

describe('run plots', () => {
  it('draws the fitted line of the rate fit through log(J_∞ − J) = log A − λ t', () => {
    const data: RunData = { rows, clouds: null, policy: null };
    const spec = convergenceChart(data, { projection: [0, -1] })?.spec as unknown as { layer: { data: { values: { t: number; gap: number }[] } }[] };
    const [points, fit] = spec.layer.map((layer) => layer.data.values);
    // Every point is exactly on the line (up to round-off of exp/log): the gap is A e^{−λt}.
    points.forEach((point, k) => expect(point.gap).toBeCloseTo(Math.log(amplitude) - lambda * rows[k].t, 12));
    expect(fit[0].gap).toBeCloseTo(Math.log(amplitude), 12);
    expect(fit[1].gap).toBeCloseTo(Math.log(amplitude) - lambda * 5, 12);
  });

  it('draws the policy density e^ℓ on cells bounded by the midpoints between grid nodes', () => {
    const spec = policyHeatmapChart({ rows: [], clouds: null, policy }, { projection: [0, -1] })?.spec as unknown as { data: { values: Record<string, number>[] } };
    const cells = spec.data.values;
    expect(cells).toHaveLength(6);
    expect(cells[0]).toMatchObject({ s0: 0, s1: 0.5, a0: -0.25, a1: 0.25 });
    expect(cells[0].density).toBeCloseTo(0.5, 14);
    expect(cells[5]).toMatchObject({ s0: 0.5, s1: 1, a0: 0.75, a1: 1.25 });
    expect(cells[5].density).toBeCloseTo(0.5, 14);
  });

  it('writes SVG and PNG files for the charts a run has data for, and distances when logged', async () => {
    const directory = runFolder();
    const written = await renderRunPlots(directory);
    const names = ['value-objective', 'convergence', 'policy', 'particles'];
    expect(written).toEqual(names.flatMap((name) => [join(directory, `${name}.svg`), join(directory, `${name}.png`)]));
    expect(existsSync(join(directory, 'distances.svg'))).toBe(false);
    const svg = readFileSync(join(directory, 'convergence.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('rate fit');
    const png = readFileSync(join(directory, 'policy.png'));
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

    const withDistances = runFolder([{ step: 110, t: 5.5, objective: Number.NaN, 'distance/w2-successive': 0.5 }]);
    expect(readRunData(withDistances).rows.at(-1)?.objective).toBeNaN();
    await renderRunPlots(withDistances, { formats: ['svg'] });
    expect(readFileSync(join(withDistances, 'distances.svg'), 'utf8')).toContain('distance/w2-successive');
    expect(existsSync(join(withDistances, 'distances.png'))).toBe(false);
  });
});
