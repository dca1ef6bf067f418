import { Resvg } from '@resvg/resvg-js';
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

/** Rasterises SVG text to PNG bytes at `scale` × its CSS size, with text drawn from system fonts. */
export function renderPng(svg: string, scale = 2): Uint8Array {
  return new Resvg(svg, { background: 'white', fitTo: { mode: 'zoom', value: scale }, font: { loadSystemFonts: true, defaultFontFamily: FONT } }).render().asPng();
}
