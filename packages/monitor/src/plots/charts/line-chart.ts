import type { TopLevelSpec } from 'vega-lite';
import { CHART_SIZE } from './chart';

/** One curve of a {@link lineChartSpec} (non-finite points are skipped, and so are non-positive ones on a log axis). */
export interface LineChartSeries {
  readonly label: string;
  readonly x: readonly number[];
  readonly y: readonly number[];
  /** Draw markers only (measurements), no line. */
  readonly markers?: boolean;
  /** Dashed line (references: closed forms, fitted lines). */
  readonly dashed?: boolean;
  /** A shaded band lower[i] ≤ y ≤ upper[i] around the curve (a confidence band across seeds). */
  readonly band?: { readonly lower: readonly number[]; readonly upper: readonly number[] };
}

/** What a figure was computed from, shown under its title: a figure must say which run it shows. */
export interface FigureMetadata {
  /** The environment, e.g. `B1 torus bandit` or a registry name. */
  readonly environment: string;
  /** N, the particle count. */
  readonly particles: number | string;
  /** σ, the noise (a string such as `see legend` when the figure varies it). */
  readonly sigma: number | string;
  /** τ, the entropy strength. */
  readonly tau: number | string;
  /** The seed, or the seeds a band is taken over. */
  readonly seed: number | string;
}

export interface LineChartOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly metadata: FigureMetadata;
  readonly logX?: boolean;
  readonly logY?: boolean;
  /** Horizontal reference lines (e.g. a threshold) drawn dotted. */
  readonly hLines?: readonly { readonly y: number; readonly label: string }[];
  /** Vertical reference lines (e.g. a closed-form σc) drawn dotted. */
  readonly vLines?: readonly { readonly x: number; readonly label: string }[];
}

/** The subtitle line of a figure: environment, N, σ, τ, seed. */
export function metadataLine(metadata: FigureMetadata): string {
  return `${metadata.environment} · N = ${metadata.particles} · σ = ${metadata.sigma} · τ = ${metadata.tau} · seed ${metadata.seed}`;
}

/**
 * A line chart of several curves as a Vega-Lite spec (render with `renderSvg`, `renderPng`): lines,
 * dashed lines and markers per series, shaded bands, dotted reference lines, log axes, and the run
 * metadata as subtitle. The one chart maker of experiments and sweeps, drawn like a run's plots.
 */
export function lineChartSpec(series: readonly LineChartSeries[], options: LineChartOptions): TopLevelSpec {
  const valid = (value: number, log: boolean | undefined) => Number.isFinite(value) && (!log || value > 0);
  const points = (style: 'line' | 'dashed' | 'markers') =>
    series
      .filter((curve) => (curve.markers ? 'markers' : curve.dashed ? 'dashed' : 'line') === style)
      .flatMap((curve) => curve.x.flatMap((x, i) => (valid(x, options.logX) && valid(curve.y[i], options.logY) ? [{ x, y: curve.y[i], series: curve.label }] : [])));
  const bands = series.flatMap((curve) =>
    curve.band
      ? curve.x.flatMap((x, i) => {
          const [lower, upper] = [curve.band!.lower[i], curve.band!.upper[i]];
          return valid(x, options.logX) && valid(lower, options.logY) && valid(upper, options.logY) ? [{ x, lower, upper, series: curve.label }] : [];
        })
      : [],
  );
  const x = { field: 'x', type: 'quantitative', title: options.xLabel, scale: options.logX ? { type: 'log', nice: false } : { zero: false } };
  const y = { field: 'y', type: 'quantitative', title: options.yLabel, scale: options.logY ? { type: 'log', nice: false } : { zero: false } };
  // One colour scale over every layer, so a band, its line and its legend entry match.
  const color = { field: 'series', type: 'nominal', title: null, scale: { domain: series.map((curve) => curve.label) }, legend: { orient: 'bottom', columns: 2, labelLimit: 360 } };
  const layers: object[] = [];
  if (bands.length > 0) {
    layers.push({ data: { values: bands }, mark: { type: 'area', opacity: 0.2 }, encoding: { x, y: { ...y, field: 'lower' }, y2: { field: 'upper' }, color } });
  }
  for (const [style, mark] of [
    ['line', { type: 'line' }],
    ['dashed', { type: 'line', strokeDash: [6, 4] }],
    ['markers', { type: 'point', filled: true, size: 50 }],
  ] as const) {
    const values = points(style);
    if (values.length > 0) layers.push({ data: { values }, mark, encoding: { x, y, color } });
  }
  for (const line of options.hLines ?? []) {
    layers.push({ data: { values: [line] }, mark: { type: 'rule', strokeDash: [2, 3], color: 'gray' }, encoding: { y: { field: 'y', type: 'quantitative' } } });
    layers.push({ data: { values: [line] }, mark: { type: 'text', align: 'left', dx: 4, dy: -6, color: 'gray' }, encoding: { y: { field: 'y', type: 'quantitative' }, x: { value: 0 }, text: { field: 'label' } } });
  }
  for (const line of options.vLines ?? []) {
    layers.push({ data: { values: [line] }, mark: { type: 'rule', strokeDash: [2, 3], color: 'gray' }, encoding: { x: { field: 'x', type: 'quantitative' } } });
    layers.push({ data: { values: [line] }, mark: { type: 'text', angle: 270, align: 'right', dx: -4, dy: -4, color: 'gray' }, encoding: { x: { field: 'x', type: 'quantitative' }, y: { value: 0 }, text: { field: 'label' } } });
  }
  return { ...CHART_SIZE, title: { text: options.title, subtitle: metadataLine(options.metadata) }, layer: layers } as TopLevelSpec;
}
