import { describe, expect, it } from 'vitest';
import type { MonitorRow } from '../../pipeline/monitor-row';
import { replicaDistanceChart } from './replica-distance-chart';

/** Distance rows of K replicas: every pair, max and mean (values irrelevant here). */
function rows(replicas: number): MonitorRow[] {
  const values: Record<string, number> = { 'replicas/w2-max': 2, 'replicas/w2-mean': 1 };
  for (let i = 0; i < replicas; i++) for (let j = i + 1; j < replicas; j++) values[`replicas/w2/${i}-${j}`] = 1 + i + j;
  return [0, 1].map((step) => ({ step, t: step, ...values }));
}

const series = (replicas: number) => {
  const chart = replicaDistanceChart({ rows: rows(replicas), clouds: null, policy: null }, { projection: [0, -1] });
  return [...new Set(((chart?.spec.data as { values: { series: string }[] }).values).map((value) => value.series))].sort();
};

describe('replicaDistanceChart', () => {
  it('draws a line per pair up to four replicas (six pairs), the max and mean above', () => {
    expect(series(2)).toEqual(['replicas/w2/0-1']);
    expect(series(4)).toHaveLength(6);
    expect(series(5)).toEqual(['replicas/w2-max', 'replicas/w2-mean']);
  });

  it('draws nothing for a run without distances', () => {
    expect(replicaDistanceChart({ rows: [{ step: 0, t: 0, value: 1 }], clouds: null, policy: null }, { projection: [0, -1] })).toBeNull();
  });
});
