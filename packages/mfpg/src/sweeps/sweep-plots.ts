import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { acrossSeeds, type FigureMetadata, lineChartSpec, type LineChartSeries, writeChartFiles } from '@mfpg/monitor';
import { replicaDirectoryName } from '../replicas/run-replica-experiment';
import type { GridAxis } from './grid-axis';
import type { SweepResult } from './results-table';

/** J(ν_t) of one run folder's metrics.jsonl, by t. */
function objectiveRows(runDirectory: string): Map<number, number> {
  const path = join(runDirectory, 'metrics.jsonl');
  const rows = existsSync(path)
    ? readFileSync(path, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { t: number; objective: number | null })
    : [];
  return new Map(rows.map((row) => [row.t, row.objective ?? Number.NaN]));
}

/** J(ν_t) of a run; of a replica run (K = `replicas` folders replica-<k>), the mean over its replicas at the times all of them logged. */
function objectiveCurve(runDirectory: string, replicas: number): { x: number[]; y: number[] } {
  const curves = replicas > 1 ? Array.from({ length: replicas }, (_, k) => objectiveRows(join(runDirectory, replicaDirectoryName(k)))) : [objectiveRows(runDirectory)];
  const x = [...curves[0].keys()].filter((t) => curves.every((curve) => curve.has(t)));
  return { x, y: x.map((t) => curves.reduce((sum, curve) => sum + (curve.get(t) as number), 0) / curves.length) };
}

/** The runs' shared metadata from the first run's config.json; a swept field reads `swept`. */
function sweepMetadata(directory: string, axes: readonly GridAxis[], results: readonly SweepResult[]): FigureMetadata {
  const path = results.length > 0 ? join(directory, 'runs', results[0].id, 'config.json') : '';
  const config = (path && existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : {}) as {
    env?: { name?: string };
    particles?: { count?: number };
    regularization?: { sigma?: number; tau?: number };
    seed?: number;
  };
  const swept = (key: string, value: number | string | undefined) => (axes.some((axis) => axis.key === key) ? 'swept' : (value ?? '?'));
  return {
    environment: axes.some((axis) => axis.key === 'env.name') ? 'swept' : (config.env?.name ?? '?'),
    particles: swept('particles.count', config.particles?.count),
    sigma: swept('regularization.sigma', config.regularization?.sigma),
    tau: swept('regularization.tau', config.regularization?.tau),
    seed: swept('seed', config.seed),
  };
}

/** A legend label from every grid value but those at the skipped axes (the x axis, the seed). */
function settingsLabel(axes: readonly GridAxis[], row: SweepResult, skipped: readonly number[], fallback: string): string {
  return axes.map((axis, a) => (skipped.includes(a) ? '' : `${axis.key.split('.').at(-1)}=${JSON.stringify(row.values[a])}`)).filter(Boolean).join(' ') || fallback;
}

/** Final J against the x axis, one line per setting; runs differing only in seed are averaged with a 95 % band. */
function finalObjectiveSeries(axes: readonly GridAxis[], results: readonly SweepResult[], xAxis: number, seedAxis: number): LineChartSeries[] {
  const groups = new Map<string, Map<number, number[]>>();
  for (const row of results) {
    const label = settingsLabel(axes, row, [xAxis, seedAxis], 'J final');
    const byX = groups.get(label) ?? new Map<number, number[]>();
    const x = row.values[xAxis] as number;
    byX.set(x, [...(byX.get(x) ?? []), row.objective ?? Number.NaN]);
    groups.set(label, byX);
  }
  return [...groups].map(([label, byX]) => {
    const xs = [...byX.keys()].sort((a, b) => a - b);
    const points = xs.map((x) => acrossSeeds(label, byX.get(x)!.map((y) => ({ x: [x], y: [y] }))));
    const band = points.every((point) => point.band) ? { lower: points.map((point) => point.band!.lower[0]), upper: points.map((point) => point.band!.upper[0]) } : undefined;
    return { label: points[0].label, x: xs, y: points.map((point) => point.y[0]), ...(band ? { band } : {}) };
  });
}

/** J(ν_t) of every run (labelled by run id) or, across a seed axis, per setting the mean with a 95 % band. */
function objectiveSeries(directory: string, axes: readonly GridAxis[], results: readonly SweepResult[], seedAxis: number): LineChartSeries[] {
  const curves = results.map((row) => ({ row, curve: objectiveCurve(join(directory, 'runs', row.id), row.replicas) }));
  if (seedAxis < 0) return curves.map(({ row, curve }) => ({ label: row.id, ...curve }));
  const groups = new Map<string, { x: number[]; y: number[] }[]>();
  for (const { row, curve } of curves) {
    const label = settingsLabel(axes, row, [seedAxis], 'J');
    groups.set(label, [...(groups.get(label) ?? []), curve]);
  }
  return [...groups].map(([label, group]) => acrossSeeds(label, group));
}

/**
 * Comparison plots of a sweep in plots/ (SVG and PNG, the monitor's Vega-Lite pipeline): the final
 * objective J against the first numeric grid key other than the seed (one line per combination of
 * the other keys), and J(ν_t) along the runs; across a `seed` axis, means with 95 % bands.
 */
export async function writeSweepPlots(directory: string, axes: readonly GridAxis[], results: readonly SweepResult[]): Promise<void> {
  const plots = join(directory, 'plots');
  mkdirSync(plots, { recursive: true });
  const metadata = sweepMetadata(directory, axes, results);
  const seedAxis = axes.findIndex((axis) => axis.key === 'seed');
  const xAxis = axes.findIndex((axis, a) => a !== seedAxis && axis.values.every((value) => typeof value === 'number'));
  if (xAxis >= 0) {
    const series = finalObjectiveSeries(axes, results, xAxis, seedAxis);
    await writeChartFiles(plots, 'final-objective', lineChartSpec(series, { metadata, title: `final objective J against ${axes[xAxis].key}`, xLabel: axes[xAxis].key, yLabel: 'J(ν_T)' }));
  }
  const curves = objectiveSeries(directory, axes, results, seedAxis);
  await writeChartFiles(plots, 'objective-curves', lineChartSpec(curves, { metadata, title: 'J(ν_t) along the runs', xLabel: 't', yLabel: 'J(ν_t)' }));
}
