import { describe, expect, it } from 'vitest';
import { renderSvg } from '../render-chart';
import { lineChartSpec } from './line-chart';

const metadata = { environment: 'B1 torus bandit', particles: 400, sigma: 0.5, tau: 0.1, seed: 1 };

describe('lineChartSpec', () => {
  it('draws lines, dashed lines, markers, a band and reference lines, with the run metadata under the title', async () => {
    const spec = lineChartSpec(
      [
        { label: 'J', x: [0, 1, 2], y: [1, 2, 3], band: { lower: [0.5, 1.5, 2.5], upper: [1.5, 2.5, 3.5] } },
        { label: 'reference', x: [0, 2], y: [1, 3], dashed: true },
        { label: 'measured', x: [1], y: [2], markers: true },
      ],
      { metadata, title: 'J along the flow', xLabel: 't', yLabel: 'J', hLines: [{ y: 2, label: 'threshold' }], vLines: [{ x: 1, label: 'σc' }] },
    );
    const svg = await renderSvg(spec);
    expect(svg).toContain('B1 torus bandit · N = 400 · σ = 0.5 · τ = 0.1 · seed 1');
    for (const text of ['J along the flow', 'threshold', 'σc', 'reference', 'measured']) expect(svg).toContain(text);
    const layers = (spec as { layer: { mark: { type: string } }[] }).layer.map((layer) => layer.mark.type);
    expect(layers).toEqual(['area', 'line', 'line', 'point', 'rule', 'text', 'rule', 'text']);
  });

  it('leaves out non-finite points and, on a log axis, non-positive ones', () => {
    const spec = lineChartSpec([{ label: 'gap', x: [1, 2, 3, 4], y: [1, 0, -1, Number.NaN] }], { metadata, title: 'gap', xLabel: 't', yLabel: 'gap', logY: true });
    const [line] = (spec as { layer: { data: { values: { x: number }[] } }[] }).layer;
    expect(line.data.values.map((point) => point.x)).toEqual([1]);
  });
});
