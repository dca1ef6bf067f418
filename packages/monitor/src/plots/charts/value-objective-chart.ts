import { CHART_SIZE, type ChartMaker } from './chart';

/**
 * Value F(ν_t) and objective J(ν_t) = F − (σ²/2)·KL against t (docs/math.md §3), and the grid's optimum
 * V*(ρ) when the `suboptimality` metric logged it (`objective/optimum`): F approaches it from below.
 */
export const valueObjectiveChart: ChartMaker = ({ rows }) => {
  const values = rows.flatMap((row) => [
    ...(Number.isFinite(row.value) ? [{ t: row.t, quantity: 'value F', y: row.value }] : []),
    ...(Number.isFinite(row.objective) ? [{ t: row.t, quantity: 'objective J = F − (σ²/2)·KL', y: row.objective }] : []),
    ...(Number.isFinite(row['objective/optimum']) ? [{ t: row.t, quantity: 'optimum V*(ρ) of the grid', y: row['objective/optimum'] }] : []),
  ]);
  if (values.length === 0) return null;
  return {
    name: 'value-objective',
    spec: {
      ...CHART_SIZE,
      title: 'Value and objective along the flow',
      data: { values },
      mark: { type: 'line', point: values.length <= 60 },
      encoding: {
        x: { field: 't', type: 'quantitative', title: 'time t' },
        y: { field: 'y', type: 'quantitative', title: 'F(ν_t), J(ν_t)', scale: { zero: false } },
        color: { field: 'quantity', type: 'nominal', title: null, legend: { orient: 'bottom', labelLimit: 360 } },
      },
    },
  };
};
