import { existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ResvgRenderOptions } from '@resvg/resvg-js';
import type { TopLevelSpec } from 'vega-lite';

/**
 * Vega and Vega-Lite, loaded on the first chart: they are large (startup of every run that draws
 * nothing would pay for them), and Vega is an ES module with top-level await, which `require`
 * cannot load — a static import would break the CommonJS build of every package above this one.
 */
let plotting: Promise<{ vega: typeof import('vega'); vegaLite: typeof import('vega-lite') }> | undefined;
const loadPlotting = () =>
  (plotting ??= Promise.all([import('vega'), import('vega-lite')]).then(([vega, vegaLite]) => ({ vega, vegaLite })));

/** The font every chart uses: DejaVu Sans ships with Debian; resvg finds it among system fonts. */
const FONT = 'DejaVu Sans';

/** Debian's DejaVu Sans (regular, bold for titles): given as files, resvg need not scan every system font per image. */
const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((file) => `/usr/share/fonts/truetype/dejavu/${file}`);
let fontOptions: ResvgRenderOptions['font'] | undefined;
const fonts = () =>
  (fontOptions ??= FONT_FILES.every((file) => existsSync(file))
    ? { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: FONT }
    : { loadSystemFonts: true, defaultFontFamily: FONT });

/** Renders a Vega-Lite spec to SVG text (headless: no browser, no canvas). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const { vega, vegaLite } = await loadPlotting();
  const themed = { ...spec, background: 'white', config: { font: FONT, ...(spec as { config?: object }).config } } as TopLevelSpec;
  const view = new vega.View(vega.parse(vegaLite.compile(themed).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * Rasterises SVG text to PNG bytes at `scale` × its CSS size (resvg on libuv's thread pool, so the
 * next chart's SVG is laid out meanwhile).
 */
export async function renderPng(svg: string, scale = 2): Promise<Uint8Array> {
  // resvg (a native module) is loaded on the first PNG only.
  const { renderAsync } = createRequire(import.meta.url)('@resvg/resvg-js') as typeof import('@resvg/resvg-js');
  const image = await renderAsync(svg, { background: 'white', fitTo: { mode: 'zoom', value: scale }, font: fonts() });
  return image.asPng();
}

/**
 * Draws a chart as `stem.svg` and `stem.png` in `directory` (which must exist): the figures of
 * experiments and sweeps, drawn like a run's plots. Returns the two paths, SVG first.
 */
export async function writeChartFiles(directory: string, stem: string, spec: TopLevelSpec): Promise<[string, string]> {
  const svg = await renderSvg(spec);
  const paths: [string, string] = [join(directory, `${stem}.svg`), join(directory, `${stem}.png`)];
  writeFileSync(paths[0], svg);
  writeFileSync(paths[1], await renderPng(svg));
  return paths;
}
