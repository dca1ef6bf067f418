import { CHART_SIZE, type ChartMaker } from './chart';

/**
 * The particle cloud projected on two coordinates (default (θ_0, θ_{d−1}) = (c, b) for the neuron
 * unit), one colour per logged snapshot time.
 */
export const particleCloudChart: ChartMaker = ({ clouds }, { projection }) => {
  if (!clouds || clouds.snapshots.length === 0 || clouds.dim < 1) return null;
  const [i, j] = projection.map((index) => (index < 0 ? clouds.dim + index : index));
  if (!(i >= 0 && i < clouds.dim && j >= 0 && j < clouds.dim)) return null;
  const values = clouds.snapshots.flatMap((snapshot) => snapshot.theta.map((row) => ({ x: row[i], y: row[j], t: Number(snapshot.t.toPrecision(6)) })));
  return {
    name: 'particles',
    spec: {
      ...CHART_SIZE,
      title: `Particles projected on (θ_${i}, θ_${j})`,
      data: { values },
      mark: { type: 'point', filled: true, size: 8, opacity: 0.5 },
      encoding: {
        x: { field: 'x', type: 'quantitative', title: `θ_${i}`, scale: { zero: false } },
        y: { field: 'y', type: 'quantitative', title: `θ_${j}`, scale: { zero: false } },
        color: { field: 't', type: 'ordinal', title: 'time t', scale: { scheme: 'viridis' } },
      },
    },
  };
};
