import { describe, expect, it } from 'vitest';
import { valueObjectiveChart } from './value-objective-chart';

describe('value-objective chart', () => {
  it('draws the grid optimum V*(ρ) next to F and J when the suboptimality metric logged it', () => {
    const rows = [
      { step: 0, t: 0, value: -3, objective: -3.1, 'objective/optimum': -1 },
      { step: 10, t: 0.5, value: -2, objective: -2.1, 'objective/optimum': -1 },
    ];
    const chart = valueObjectiveChart({ rows } as never, { projection: [0, -1] });
    const values = (chart?.spec as { data: { values: { quantity: string; y: number }[] } }).data.values;
    expect(values.filter((point) => point.quantity.startsWith('optimum')).map((point) => point.y)).toEqual([-1, -1]);
    const without = valueObjectiveChart({ rows: rows.map(({ 'objective/optimum': _, ...row }) => row) } as never, { projection: [0, -1] });
    expect((without?.spec as { data: { values: { quantity: string }[] } }).data.values.some((point) => point.quantity.startsWith('optimum'))).toBe(false);
  });
});
