import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type LineChartSeries, lineChartSvg } from '../experiments/svg-chart';
import type { GridAxis } from './grid-axis';
import type { SweepResult } from './results-table';

function objectiveCurve(runDirectory: string): { t: number[]; objective: number[] } {
  const path = join(runDirectory, 'metrics.jsonl');
  const rows = existsSync(path)
    ? readFileSync(path, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { t: number; objective: number | null })
    : [];
  return { t: rows.map((row) => row.t), objective: rows.map((row) => row.objective ?? Number.NaN) };
}

/**
 * Comparison plots of a sweep in plots/: the final objective J against the first numeric grid key
 * (one line per combination of the other keys), and J(ν_t) along every run.
 */
export function writeSweepPlots(directory: string, axes: readonly GridAxis[], results: readonly SweepResult[]): void {
  const plots = join(directory, 'plots');
  mkdirSync(plots, { recursive: true });
  const xAxis = axes.findIndex((axis) => axis.values.every((value) => typeof value === 'number'));
  if (xAxis >= 0) {
    const groups = new Map<string, { x: number[]; y: number[] }>();
    for (const row of results) {
      const label = axes.map((axis, a) => (a === xAxis ? '' : `${axis.key.split('.').at(-1)}=${JSON.stringify(row.values[a])}`)).filter(Boolean).join(' ') || 'J final';
      const group = groups.get(label) ?? { x: [], y: [] };
      group.x.push(row.values[xAxis] as number);
      group.y.push(row.objective ?? Number.NaN);
      groups.set(label, group);
    }
    const series: LineChartSeries[] = [...groups].map(([label, { x, y }]) => ({ label, x, y }));
    writeFileSync(join(plots, 'final-objective.svg'), lineChartSvg(series, { title: `final objective J against ${axes[xAxis].key}`, xLabel: axes[xAxis].key, yLabel: 'J(ν_T)' }));
  }
  const curves: LineChartSeries[] = results.map((row) => {
    const { t, objective } = objectiveCurve(join(directory, 'runs', row.id));
    return { label: row.id, x: t, y: objective };
  });
  writeFileSync(join(plots, 'objective-curves.svg'), lineChartSvg(curves, { title: 'J(ν_t) along every run', xLabel: 't', yLabel: 'J(ν_t)' }));
}
