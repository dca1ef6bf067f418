import type { TopLevelSpec } from 'vega-lite';
import type { RunData } from '../run-files';

/** Options the charts share (the `plots` sink's options and `mfpg plot`'s flags). */
export interface ChartOptions {
  /** Particle coordinates (i, j) of the cloud projection; negative counts from the end (−1 = last). */
  readonly projection: readonly [number, number];
}

/** One chart of a run: a file stem and a Vega-Lite spec, or null when the run lacks its data. */
export interface Chart {
  /** File stem, e.g. `value-objective` (→ value-objective.svg / .png). */
  readonly name: string;
  readonly spec: TopLevelSpec;
}

export type ChartMaker = (data: RunData, options: ChartOptions) => Chart | null;

/** Width and height of every chart, in CSS pixels. */
export const CHART_SIZE = { width: 480, height: 300 } as const;
