import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MonitorRow } from '../pipeline/monitor-row';

/** File names of what the plots are drawn from, inside a run folder. */
export const RunFiles = {
  metrics: 'metrics.jsonl',
  clouds: 'clouds.json',
  policy: 'policy.json',
} as const;

/** Particle clouds at a few times (written by the plots sink). */
export interface CloudSnapshots {
  readonly particleCount: number;
  readonly dim: number;
  /** Each snapshot: its step, time and particles (N×d, row-major as nested rows). */
  readonly snapshots: readonly { readonly step: number; readonly t: number; readonly theta: readonly (readonly number[])[] }[];
}

/**
 * The final policy on the evaluation grid (written by the plots sink when the evaluator is the
 * grid one): S state nodes (S×dS), K action nodes (K×dA) and log dπ/dμ (S×K, row i = state i).
 */
export interface PolicyGrid {
  readonly step: number;
  readonly t: number;
  readonly stateDim: number;
  readonly actionDim: number;
  readonly states: readonly (readonly number[])[];
  readonly actions: readonly (readonly number[])[];
  readonly logPolicy: readonly (readonly number[])[];
}

/** What a finished run folder holds for plotting; a missing file is null. */
export interface RunData {
  readonly rows: readonly MonitorRow[];
  readonly clouds: CloudSnapshots | null;
  readonly policy: PolicyGrid | null;
}

function readJson<T>(path: string): T | null {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as T) : null;
}

/** Reads a run folder's metrics.jsonl (nulls, i.e. non-finite numbers, become NaN), clouds and policy. */
export function readRunData(directory: string): RunData {
  const metricsPath = join(directory, RunFiles.metrics);
  const rows = existsSync(metricsPath)
    ? readFileSync(metricsPath, 'utf8')
        .split('\n')
        .filter((line) => line.trim().length > 0)
        .map((line) => JSON.parse(line, (_key, value) => (value === null ? Number.NaN : value)) as MonitorRow)
    : [];
  return { rows, clouds: readJson<CloudSnapshots>(join(directory, RunFiles.clouds)), policy: readJson<PolicyGrid>(join(directory, RunFiles.policy)) };
}
