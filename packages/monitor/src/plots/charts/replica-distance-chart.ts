import { CHART_SIZE, type ChartMaker } from './chart';

/**
 * Row keys plotted as distances (W2, in θ units): between replicas (`replicas/w2-max`, `-mean`)
 * and between successive clouds (`distance/w2-successive`); flags and speeds are left out.
 */
export const DISTANCE_KEYS: readonly string[] = ['replicas/w2-max', 'replicas/w2-mean', 'distance/w2-successive'];

/** Up to this many replica pairs (4 replicas) each get a line of their own instead of the max and mean. */
export const MAX_PLOTTED_PAIRS = 6;

const PAIR_KEY = /^replicas\/w2\/\d+-\d+$/;

/**
 * Distances logged by the run (W2 between replicas, between successive clouds, …) against t, on a
 * log scale when all are positive: contraction shows as a falling line (docs/math.md §4, item 3). With
 * few replicas each pair `replicas/w2/i-j` is drawn (for two, max and mean are that pair).
 */
export const replicaDistanceChart: ChartMaker = ({ rows }) => {
  const pairs = new Set(rows.flatMap((row) => Object.keys(row).filter((key) => PAIR_KEY.test(key))));
  const plotted = pairs.size > 0 && pairs.size <= MAX_PLOTTED_PAIRS ? [...pairs, 'distance/w2-successive'] : DISTANCE_KEYS;
  const values = rows.flatMap((row) =>
    Object.keys(row)
      .filter((key) => plotted.includes(key) && Number.isFinite(row[key]))
      .map((key) => ({ t: row.t, distance: row[key], series: key })),
  );
  if (values.length === 0) return null;
  const positive = values.every((value) => value.distance > 0);
  return {
    name: 'distances',
    spec: {
      ...CHART_SIZE,
      title: 'Distances along the flow',
      data: { values },
      mark: { type: 'line', point: values.length <= 60 },
      encoding: {
        x: { field: 't', type: 'quantitative', title: 'time t' },
        y: { field: 'distance', type: 'quantitative', title: 'distance', scale: positive ? { type: 'log' } : { zero: false } },
        color: { field: 'series', type: 'nominal', title: null, legend: { orient: 'bottom', labelLimit: 360 } },
      },
    },
  };
};
