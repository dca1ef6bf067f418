import type { MonitorRow } from '../../pipeline/monitor-row';
import { CHART_SIZE, type ChartMaker } from './chart';

/** Keys of the `exponential-rate` metric's rows: fitted rate λ and limit J_∞. */
export const RateFitKeys = { rate: 'rate/lambda', limit: 'rate/j-infinity' } as const;

function lastWith(rows: readonly MonitorRow[], key: string): number | undefined {
  for (let i = rows.length - 1; i >= 0; i--) if (Number.isFinite(rows[i][key])) return rows[i][key];
  return undefined;
}

/**
 * log(J_∞ − J(ν_t)) against t: a straight line of slope −λ when J converges exponentially at rate λ
 * (docs/math.md §4). J_∞ and λ come from the `exponential-rate` metric when the run logged one, and the fitted line
 * log(J_∞ − J) = c − λ·t is drawn with c by least squares at the fitted slope; otherwise J_∞ is the
 * largest J of the run (said in the title) and no line is drawn. Points with J ≥ J_∞ have no
 * logarithm and are left out.
 */
export const convergenceChart: ChartMaker = ({ rows }) => {
  const fittedLimit = lastWith(rows, RateFitKeys.limit);
  const rate = lastWith(rows, RateFitKeys.rate);
  const objectives = rows.filter((row) => Number.isFinite(row.objective));
  if (objectives.length < 2) return null;
  const limit = fittedLimit ?? Math.max(...objectives.map((row) => row.objective));
  const points = objectives.filter((row) => limit - row.objective > 0).map((row) => ({ t: row.t, gap: Math.log(limit - row.objective), series: 'log(J_∞ − J)' }));
  if (points.length < 2) return null;
  const fitted = fittedLimit !== undefined && rate !== undefined;
  const layers: object[] = [
    {
      data: { values: points },
      mark: { type: 'line', point: points.length <= 60 },
      encoding: { x: { field: 't', type: 'quantitative', title: 'time t' }, y: { field: 'gap', type: 'quantitative', title: 'log(J_∞ − J(ν_t))', scale: { zero: false } }, color: { field: 'series', type: 'nominal', title: null, legend: { orient: 'bottom', labelLimit: 360 } } },
    },
  ];
  if (fitted) {
    const intercept = points.reduce((sum, point) => sum + point.gap + rate * point.t, 0) / points.length;
    const ends = [points[0].t, points[points.length - 1].t];
    layers.push({
      data: { values: ends.map((t) => ({ t, gap: intercept - rate * t, series: `fit: slope −λ, λ = ${rate.toPrecision(3)}` })) },
      mark: { type: 'line', strokeDash: [6, 4] },
      encoding: { x: { field: 't', type: 'quantitative' }, y: { field: 'gap', type: 'quantitative' }, color: { field: 'series', type: 'nominal' } },
    });
  }
  return {
    name: 'convergence',
    spec: {
      ...CHART_SIZE,
      title: fitted ? `Convergence of J: J_∞ = ${limit.toPrecision(6)} (rate fit)` : `Convergence of J: J_∞ ≈ max_t J = ${limit.toPrecision(6)} (no rate fit logged)`,
      layer: layers,
    } as never,
  };
};
