import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** The font every chart uses: DejaVu Sans ships with Debian; resvg finds it among system fonts. */
const FONT = 'DejaVu Sans';

/** Renders a Vega-Lite spec to SVG text (headless: no browser, no canvas). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const themed = { ...spec, background: 'white', config: { font: FONT, ...(spec as { config?: object }).config } } as TopLevelSpec;
  const view = new vega.View(vega.parse(compile(themed).spec), { renderer: 'none' });
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
