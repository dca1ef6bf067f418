import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChartMaker, ChartOptions } from './charts/chart';
import { convergenceChart } from './charts/convergence-chart';
import { particleCloudChart } from './charts/particle-cloud-chart';
import { policyHeatmapChart } from './charts/policy-heatmap-chart';
import { replicaDistanceChart } from './charts/replica-distance-chart';
import { valueObjectiveChart } from './charts/value-objective-chart';
import { renderPng, renderSvg } from './render-chart';
import { readRunData } from './run-files';

/** Every chart, in the order they are drawn. */
export const runCharts: readonly ChartMaker[] = [valueObjectiveChart, convergenceChart, policyHeatmapChart, particleCloudChart, replicaDistanceChart];

export type PlotFormat = 'svg' | 'png';

/** Options of {@link renderRunPlots}. */
export interface RenderRunPlotsOptions extends Partial<ChartOptions> {
  readonly formats?: readonly PlotFormat[];
}

/**
 * Draws the plots of a run from the files in its folder (metrics.jsonl, clouds.json, policy.json)
 * and writes `<chart>.svg` / `<chart>.png` next to them; charts whose data the run lacks are
 * skipped. Used by the `plots` sink at the end of a run and by `mfpg plot DIR`, so both draw the
 * same thing. Returns the files written.
 */
export async function renderRunPlots(directory: string, options: RenderRunPlotsOptions = {}): Promise<string[]> {
  const data = readRunData(directory);
  const chartOptions: ChartOptions = { projection: options.projection ?? [0, -1] };
  const formats = options.formats ?? ['svg', 'png'];
  const written: string[] = [];
  const rasterised: Promise<void>[] = [];
  for (const make of runCharts) {
    const chart = make(data, chartOptions);
    if (!chart) continue;
    const svg = await renderSvg(chart.spec);
    if (formats.includes('svg')) {
      const path = join(directory, `${chart.name}.svg`);
      writeFileSync(path, svg);
      written.push(path);
    }
    if (formats.includes('png')) {
      const path = join(directory, `${chart.name}.png`);
      rasterised.push(renderPng(svg).then((png) => writeFileSync(path, png)));
      written.push(path);
    }
  }
  await Promise.all(rasterised);
  return written;
}
