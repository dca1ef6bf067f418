import { CHART_SIZE, type ChartMaker } from './chart';

/** Half-way points between sorted distinct values, extended by half a gap at both ends. */
function cellEdges(centres: readonly number[]): Map<number, [number, number]> {
  const sorted = [...new Set(centres)].sort((a, b) => a - b);
  const edges = new Map<number, [number, number]>();
  sorted.forEach((centre, index) => {
    const left = index > 0 ? (sorted[index - 1] + centre) / 2 : centre - (sorted.length > 1 ? (sorted[1] - centre) / 2 : 0.5);
    const right = index < sorted.length - 1 ? (centre + sorted[index + 1]) / 2 : centre + (sorted.length > 1 ? (centre - sorted[index - 1]) / 2 : 0.5);
    edges.set(centre, [left, right]);
  });
  return edges;
}

/**
 * The final policy as a heat map of its density dπ/dμ(a|s) = e^{ℓ(s,a)} on the grid (docs/math.md §2).
 * With more than one state or action dimension, the density is averaged over the other
 * coordinates at each (s_1, a_1) (the title says so).
 */
export const policyHeatmapChart: ChartMaker = ({ policy }) => {
  if (!policy || policy.states.length === 0 || policy.actions.length === 0) return null;
  const cells = new Map<string, { s: number; a: number; sum: number; count: number }>();
  policy.states.forEach((state, i) => {
    policy.actions.forEach((action, k) => {
      const key = `${state[0]}|${action[0]}`;
      const cell = cells.get(key) ?? { s: state[0], a: action[0], sum: 0, count: 0 };
      cell.sum += Math.exp(policy.logPolicy[i][k]);
      cell.count++;
      cells.set(key, cell);
    });
  });
  const sEdges = cellEdges(policy.states.map((state) => state[0]));
  const aEdges = cellEdges(policy.actions.map((action) => action[0]));
  const values = [...cells.values()].map(({ s, a, sum, count }) => {
    const [s0, s1] = sEdges.get(s) as [number, number];
    const [a0, a1] = aEdges.get(a) as [number, number];
    return { s0, s1, a0, a1, density: sum / count };
  });
  const averaged = policy.stateDim > 1 || policy.actionDim > 1;
  return {
    name: 'policy',
    spec: {
      ...CHART_SIZE,
      title: `Policy density dπ/dμ(a|s) at t = ${policy.t}${averaged ? ' (averaged over the other coordinates)' : ''}`,
      data: { values },
      mark: { type: 'rect' },
      encoding: {
        x: { field: 's0', type: 'quantitative', title: policy.stateDim > 1 ? 'state s_1' : 'state s', scale: { zero: false, nice: false } },
        x2: { field: 's1' },
        y: { field: 'a0', type: 'quantitative', title: policy.actionDim > 1 ? 'action a_1' : 'action a', scale: { zero: false, nice: false } },
        y2: { field: 'a1' },
        color: { field: 'density', type: 'quantitative', title: 'dπ/dμ', scale: { scheme: 'viridis' } },
      },
    },
  };
};
