/** One curve of a chart (non-finite points are skipped, and so are non-positive ones on a log axis). */
export interface LineChartSeries {
  readonly label: string;
  readonly x: readonly number[];
  readonly y: readonly number[];
  /** Draw markers only (measurements), no line. */
  readonly markers?: boolean;
  /** Dashed line (references: closed forms, fitted lines). */
  readonly dashed?: boolean;
}

export interface LineChartOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly logX?: boolean;
  readonly logY?: boolean;
  /** Horizontal reference lines (e.g. a threshold) drawn dotted. */
  readonly hLines?: readonly { readonly y: number; readonly label: string }[];
  /** Vertical reference lines (e.g. a closed-form σc). */
  readonly vLines?: readonly { readonly x: number; readonly label: string }[];
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22'];
const WIDTH = 680;
const HEIGHT = 420;
const MARGIN = { left: 78, right: 200, top: 40, bottom: 56 };

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const format = (value: number) => (value === 0 ? '0' : Math.abs(value) >= 1e4 || Math.abs(value) < 1e-3 ? value.toExponential(1) : Number(value.toPrecision(4)).toString());

/** Round tick values covering [lo, hi] (about 5 of them). */
function linearTicks(lo: number, hi: number): number[] {
  const span = hi - lo || Math.abs(hi) || 1;
  const raw = span / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((candidate) => candidate >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let tick = Math.ceil(lo / step) * step; tick <= hi + step * 1e-9; tick += step) ticks.push(Math.abs(tick) < step * 1e-9 ? 0 : tick);
  return ticks;
}

interface Axis {
  readonly map: (value: number) => number;
  readonly ticks: readonly number[];
  readonly valid: (value: number) => boolean;
}

function axis(values: readonly number[], log: boolean, from: number, to: number): Axis {
  const valid = (value: number) => Number.isFinite(value) && (!log || value > 0);
  const kept = values.filter(valid);
  const transform = log ? Math.log10 : (value: number) => value;
  let lo = kept.length ? Math.min(...kept.map(transform)) : 0;
  let hi = kept.length ? Math.max(...kept.map(transform)) : 1;
  if (hi - lo < 1e-12 * Math.max(1, Math.abs(hi))) {
    lo -= 0.5;
    hi += 0.5;
  }
  const pad = 0.04 * (hi - lo);
  lo -= pad;
  hi += pad;
  const ticks = log
    ? linearTicks(lo, hi)
        .filter((tick) => Number.isInteger(Math.round(tick * 1e9) / 1e9) || hi - lo < 2)
        .map((tick) => 10 ** tick)
    : linearTicks(lo, hi);
  return { map: (value) => from + ((transform(value) - lo) / (hi - lo)) * (to - from), ticks, valid };
}

/**
 * A self-contained SVG line chart (no browser or rendering library needed, deterministic bytes),
 * used for every figure of the experiments and sweeps.
 */
export function lineChartSvg(series: readonly LineChartSeries[], options: LineChartOptions): string {
  const plotRight = WIDTH - MARGIN.right;
  const plotBottom = HEIGHT - MARGIN.bottom;
  const xs = [...series.flatMap((s) => s.x), ...(options.vLines ?? []).map((line) => line.x)];
  const ys = [...series.flatMap((s) => s.y), ...(options.hLines ?? []).map((line) => line.y)];
  const x = axis(xs, options.logX ?? false, MARGIN.left, plotRight);
  const y = axis(ys, options.logY ?? false, plotBottom, MARGIN.top);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${(MARGIN.left + plotRight) / 2}" y="22" text-anchor="middle" font-size="14" font-weight="bold">${escapeXml(options.title)}</text>`,
    `<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotRight - MARGIN.left}" height="${plotBottom - MARGIN.top}" fill="none" stroke="#444"/>`,
  ];
  for (const tick of x.ticks) {
    const px = x.map(tick).toFixed(1);
    if (Number(px) < MARGIN.left - 0.5 || Number(px) > plotRight + 0.5) continue;
    parts.push(`<line x1="${px}" y1="${MARGIN.top}" x2="${px}" y2="${plotBottom}" stroke="#eee"/>`, `<text x="${px}" y="${plotBottom + 16}" text-anchor="middle">${format(tick)}</text>`);
  }
  for (const tick of y.ticks) {
    const py = y.map(tick).toFixed(1);
    if (Number(py) < MARGIN.top - 0.5 || Number(py) > plotBottom + 0.5) continue;
    parts.push(`<line x1="${MARGIN.left}" y1="${py}" x2="${plotRight}" y2="${py}" stroke="#eee"/>`, `<text x="${MARGIN.left - 6}" y="${Number(py) + 4}" text-anchor="end">${format(tick)}</text>`);
  }
  parts.push(
    `<text x="${(MARGIN.left + plotRight) / 2}" y="${HEIGHT - 14}" text-anchor="middle">${escapeXml(options.xLabel)}</text>`,
    `<text transform="translate(18 ${(MARGIN.top + plotBottom) / 2}) rotate(-90)" text-anchor="middle">${escapeXml(options.yLabel)}</text>`,
  );
  for (const line of options.hLines ?? []) {
    if (!y.valid(line.y)) continue;
    const py = y.map(line.y).toFixed(1);
    parts.push(`<line x1="${MARGIN.left}" y1="${py}" x2="${plotRight}" y2="${py}" stroke="#555" stroke-dasharray="2 3"/>`, `<text x="${plotRight - 4}" y="${Number(py) - 4}" text-anchor="end" fill="#555">${escapeXml(line.label)}</text>`);
  }
  for (const line of options.vLines ?? []) {
    if (!x.valid(line.x)) continue;
    const px = x.map(line.x).toFixed(1);
    parts.push(`<line x1="${px}" y1="${MARGIN.top}" x2="${px}" y2="${plotBottom}" stroke="#555" stroke-dasharray="2 3"/>`, `<text x="${Number(px) + 4}" y="${MARGIN.top + 14}" fill="#555">${escapeXml(line.label)}</text>`);
  }
  series.forEach((s, index) => {
    const color = PALETTE[index % PALETTE.length];
    const points: string[] = [];
    for (let i = 0; i < Math.min(s.x.length, s.y.length); i++) {
      if (x.valid(s.x[i]) && y.valid(s.y[i])) points.push(`${x.map(s.x[i]).toFixed(2)},${y.map(s.y[i]).toFixed(2)}`);
    }
    if (s.markers) {
      for (const point of points) {
        const [px, py] = point.split(',');
        parts.push(`<circle cx="${px}" cy="${py}" r="3" fill="${color}"/>`);
      }
    } else if (points.length > 0) {
      parts.push(`<polyline points="${points.join(' ')}" fill="none" stroke="${color}" stroke-width="1.6"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    }
    const ly = MARGIN.top + 8 + index * 18;
    parts.push(
      s.markers
        ? `<circle cx="${plotRight + 20}" cy="${ly}" r="3" fill="${color}"/>`
        : `<line x1="${plotRight + 10}" y1="${ly}" x2="${plotRight + 30}" y2="${ly}" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`,
      `<text x="${plotRight + 36}" y="${ly + 4}">${escapeXml(s.label)}</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
