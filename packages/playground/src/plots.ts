/** Canvas plots of the page: line charts, the particle cloud and the policy heat map. */

export interface Series {
  readonly label: string;
  readonly color: string;
  readonly points: readonly (readonly [number, number])[];
  /** Draw dots instead of a line (sparse measurements such as W2 on demand). */
  readonly dots?: boolean;
}

const MARGIN = { left: 52, right: 10, top: 20, bottom: 26 };
const AXIS = '#8a8f98';
const FONT = '11px system-ui, sans-serif';

/** A canvas sized for the screen's pixel ratio, cleared, with its CSS size. */
function prepare(canvas: HTMLCanvasElement): { context: CanvasRenderingContext2D; width: number; height: number } {
  const ratio = globalThis.devicePixelRatio || 1;
  const width = canvas.clientWidth || canvas.width;
  const height = canvas.clientHeight || canvas.height;
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
  }
  const context = canvas.getContext('2d') as CanvasRenderingContext2D;
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, width, height);
  context.font = FONT;
  return { context, width, height };
}

/** Round tick values covering [low, high]. */
function ticks(low: number, high: number, count: number): number[] {
  const span = high - low || 1;
  const raw = span / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((m) => m >= raw) ?? raw;
  const out: number[] = [];
  for (let value = Math.ceil(low / step) * step; value <= high + step * 1e-9; value += step) out.push(Math.abs(value) < step * 1e-9 ? 0 : value);
  return out;
}

const format = (value: number) => (Math.abs(value) >= 1e4 || (Math.abs(value) < 1e-3 && value !== 0) ? value.toExponential(1) : String(Number(value.toPrecision(4))));

interface Frame {
  readonly context: CanvasRenderingContext2D;
  readonly toX: (x: number) => number;
  readonly toY: (y: number) => number;
}

/** Axes with ticks and labels for the data range [x0, x1] × [y0, y1]. */
function axes(canvas: HTMLCanvasElement, x0: number, x1: number, y0: number, y1: number, xLabel: string): Frame {
  const { context, width, height } = prepare(canvas);
  const plotWidth = width - MARGIN.left - MARGIN.right;
  const plotHeight = height - MARGIN.top - MARGIN.bottom;
  const toX = (x: number) => MARGIN.left + ((x - x0) / (x1 - x0 || 1)) * plotWidth;
  const toY = (y: number) => MARGIN.top + (1 - (y - y0) / (y1 - y0 || 1)) * plotHeight;
  context.strokeStyle = AXIS;
  context.fillStyle = AXIS;
  context.strokeRect(MARGIN.left, MARGIN.top, plotWidth, plotHeight);
  context.textAlign = 'right';
  context.textBaseline = 'middle';
  for (const y of ticks(y0, y1, 4)) context.fillText(format(y), MARGIN.left - 4, toY(y));
  context.textAlign = 'center';
  context.textBaseline = 'top';
  for (const x of ticks(x0, x1, 5)) context.fillText(format(x), toX(x), height - MARGIN.bottom + 4);
  context.textAlign = 'right';
  context.fillText(xLabel, width - MARGIN.right, height - 12);
  return { context, toX, toY };
}

function range(values: Iterable<number>): [number, number] {
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (const value of values) {
    if (!Number.isFinite(value)) continue;
    if (value < low) low = value;
    if (value > high) high = value;
  }
  if (low > high) return [0, 1];
  if (low === high) return [low - 0.5, high + 0.5];
  const pad = (high - low) * 0.05;
  return [low - pad, high + pad];
}

/** Line charts of several series against a common x (time), with a legend. */
export function drawLines(canvas: HTMLCanvasElement, series: readonly Series[], xLabel = 't'): void {
  const all = series.flatMap((line) => line.points);
  const [x0, x1] = range(all.map(([x]) => x));
  const [y0, y1] = range(all.map(([, y]) => y));
  const { context, toX, toY } = axes(canvas, all.length > 0 ? Math.min(0, x0) : 0, x1, y0, y1, xLabel);
  series.forEach((line, index) => {
    context.strokeStyle = line.color;
    context.fillStyle = line.color;
    context.lineWidth = 1.5;
    if (line.dots) {
      for (const [x, y] of line.points) context.fillRect(toX(x) - 2.5, toY(y) - 2.5, 5, 5);
    } else {
      context.beginPath();
      line.points.forEach(([x, y], k) => (k === 0 ? context.moveTo(toX(x), toY(y)) : context.lineTo(toX(x), toY(y))));
      context.stroke();
    }
    // The legend above the plot, where no line can cover it.
    context.textAlign = 'left';
    context.textBaseline = 'top';
    context.fillRect(MARGIN.left + index * 110, 6, 10, 3);
    context.fillText(line.label, MARGIN.left + 14 + index * 110, 2);
  });
}

/**
 * The particles' coordinates x and y (N×dim row-major θ) as dots; `bounds` keeps the view steady
 * between frames (it widens at once and narrows slowly).
 */
export function drawCloud(canvas: HTMLCanvasElement, theta: Float64Array, dim: number, x: number, y: number, bounds: number[]): void {
  const n = theta.length / dim;
  let extent = 0;
  for (let i = 0; i < n; i++) extent = Math.max(extent, Math.abs(theta[i * dim + x]), Math.abs(theta[i * dim + y]));
  bounds[0] = extent > bounds[0] ? extent * 1.1 : 0.98 * bounds[0] + 0.02 * extent * 1.1;
  const half = bounds[0] || 1;
  const { context, toX, toY } = axes(canvas, -half, half, -half, half, `θ[${x}] → · θ[${y}] ↑`);
  context.fillStyle = 'rgba(64, 132, 214, 0.55)';
  for (let i = 0; i < n; i++) context.fillRect(toX(theta[i * dim + x]) - 1.5, toY(theta[i * dim + y]) - 1.5, 3, 3);
}

/** A perceptually ordered colour ramp (dark blue → yellow) at u ∈ [0, 1]. */
function ramp(u: number): [number, number, number] {
  const stops: [number, number, number][] = [
    [68, 1, 84],
    [59, 82, 139],
    [33, 145, 140],
    [94, 201, 98],
    [253, 231, 37],
  ];
  const position = Math.min(Math.max(u, 0), 1) * (stops.length - 1);
  const k = Math.min(Math.floor(position), stops.length - 2);
  const f = position - k;
  return [0, 1, 2].map((c) => stops[k][c] + f * (stops[k + 1][c] - stops[k][c])) as [number, number, number];
}

/** The policy density dπ/dμ(a|s) on the grid: states down, actions across, scaled to its maximum. */
export function drawHeatMap(canvas: HTMLCanvasElement, density: Float32Array, states: number, actions: number): void {
  const { context, width, height } = prepare(canvas);
  let max = 0;
  for (const value of density) if (value > max) max = value;
  const image = new ImageData(actions, states);
  for (let j = 0; j < density.length; j++) {
    const [r, g, b] = ramp(max > 0 ? density[j] / max : 0);
    image.data.set([r, g, b, 255], 4 * j);
  }
  const bitmap = document.createElement('canvas');
  bitmap.width = actions;
  bitmap.height = states;
  (bitmap.getContext('2d') as CanvasRenderingContext2D).putImageData(image, 0, 0);
  context.imageSmoothingEnabled = false;
  const plotWidth = width - MARGIN.left - MARGIN.right;
  const plotHeight = height - MARGIN.top - MARGIN.bottom;
  context.drawImage(bitmap, MARGIN.left, MARGIN.top, plotWidth, plotHeight);
  context.fillStyle = AXIS;
  context.textAlign = 'center';
  context.textBaseline = 'top';
  context.fillText(`action node a_k (${actions}) →   max dπ/dμ = ${format(max)}`, MARGIN.left + plotWidth / 2, height - MARGIN.bottom + 6);
  context.save();
  context.translate(14, MARGIN.top + plotHeight / 2);
  context.rotate(-Math.PI / 2);
  context.fillText(`state node s_i (${states}) ↓`, 0, 0);
  context.restore();
}

/** A note in place of a plot (e.g. no heat map with Monte Carlo evaluation). */
export function drawNote(canvas: HTMLCanvasElement, text: string): void {
  const { context, width, height } = prepare(canvas);
  context.fillStyle = AXIS;
  context.textAlign = 'center';
  context.textBaseline = 'middle';
  context.fillText(text, width / 2, height / 2);
}
