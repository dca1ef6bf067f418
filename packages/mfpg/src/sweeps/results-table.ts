import { writeFileAtomic } from '../output/atomic-write';
import type { GridAxis } from './grid-axis';

/** How one configuration of a sweep ended. */
export type SweepStatus = 'completed' | 'diverged' | 'interrupted' | 'failed';

/** One row of results.csv. */
export interface SweepResult {
  readonly id: string;
  readonly values: readonly unknown[];
  readonly status: SweepStatus;
  readonly steps: number | null;
  /** Replicas K of the configuration (`replicas.count`); value, objective and kl are then means over them. */
  readonly replicas: number;
  /** Final F(ν), J(ν) and KL(ν|g) (summary.json `final`; of a replica run, the mean of its replicas'), null when the run has none. */
  readonly value: number | null;
  readonly objective: number | null;
  readonly kl: number | null;
  /** Wall time of the run's flow in seconds (summary.json timings; the resumed part for resumed runs). */
  readonly seconds: number | null;
  readonly error: string | null;
}

const cell = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** Writes results.csv: one row per configuration, the grid values first. */
export function writeResultsTable(path: string, axes: readonly GridAxis[], results: readonly SweepResult[]): void {
  const header = ['id', ...axes.map((axis) => axis.key), 'status', 'steps', 'replicas', 'value', 'objective', 'kl', 'seconds', 'error'];
  const lines = results.map((row) => [row.id, ...row.values, row.status, row.steps, row.replicas, row.value, row.objective, row.kl, row.seconds, row.error].map(cell).join(','));
  // Rewritten as each configuration ends: atomic, so an interrupted sweep leaves a whole table.
  writeFileAtomic(path, `${[header.join(','), ...lines].join('\n')}\n`);
}
