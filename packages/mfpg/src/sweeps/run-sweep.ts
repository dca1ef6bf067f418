import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError } from '@mfpg/core';
import type { ContainerModule } from 'inversify';
import packageJson from '../../package.json';
import { CHECKPOINT_FILE } from '../checkpoints';
import { writeSweepPlots } from './sweep-plots';
import type { GridAxis } from './grid-axis';
import { type SweepResult, type SweepStatus, writeResultsTable } from './results-table';
import { type SweepPoint, sweepPoints, validateSweep } from './sweep-plan';
import { workerCommand } from './worker-command';

export interface SweepOptions {
  /** The base config (a config file's contents); every configuration is it plus --set plus the grid. */
  readonly input: unknown;
  readonly axes: readonly GridAxis[];
  /** `key=value` overrides common to every configuration. */
  readonly fixed?: readonly string[];
  /** Plugin module files passed to every worker (`mfpg run --plugin`). */
  readonly plugins?: readonly string[];
  /** The same plugins loaded here, to validate every configuration before any run. */
  readonly modules?: readonly ContainerModule[];
  /** Runs at a time (≥ 1). */
  readonly workers: number;
  /** The sweep folder; rerunning into it skips the finished runs and resumes the interrupted ones. */
  readonly out: string;
  /** Steps between the workers' checkpoints (so an interrupted sweep resumes mid-run). Default 50. */
  readonly checkpointEvery?: number;
  /** Stops the sweep: no new runs; running workers get SIGTERM, checkpoint and stop. */
  readonly signal?: AbortSignal;
  /** The command starting a worker (see workerCommand). */
  readonly workerCommand?: readonly string[];
  /** Called as each configuration ends. */
  readonly onResult?: (result: SweepResult, done: number, total: number) => void;
}

export interface SweepOutcome {
  readonly directory: string;
  readonly results: readonly SweepResult[];
}

const SWEEP_FILE = 'sweep.json';

export interface RunSummaryFile {
  readonly status?: string;
  readonly steps?: number;
  readonly error?: string | null;
  readonly final?: { readonly value?: number; readonly objective?: number; readonly kl?: number } | null;
  readonly timings?: { readonly totalSeconds?: number };
}

export function readSummary(directory: string): RunSummaryFile | null {
  try {
    return JSON.parse(readFileSync(join(directory, 'summary.json'), 'utf8')) as RunSummaryFile;
  } catch {
    return null;
  }
}

export const finished = (summary: RunSummaryFile | null) => summary?.status === 'completed' || summary?.status === 'diverged';

export function resultOf(point: SweepPoint, directory: string, fallbackError: string | null): SweepResult {
  const summary = readSummary(directory);
  const status: SweepStatus = summary && ['completed', 'diverged', 'interrupted'].includes(String(summary.status)) ? (summary.status as SweepStatus) : 'failed';
  return {
    id: point.id,
    values: point.values,
    status,
    steps: summary?.steps ?? null,
    value: summary?.final?.value ?? null,
    objective: summary?.final?.objective ?? null,
    kl: summary?.final?.kl ?? null,
    seconds: summary?.timings?.totalSeconds ?? null,
    error: status === 'failed' ? fallbackError : (summary?.error ?? null),
  };
}

/** Claims the sweep folder: new, or holding this very sweep (then it is resumed). */
export function claimFolder(directory: string, description: object): void {
  const path = join(directory, SWEEP_FILE);
  const text = `${JSON.stringify(description, null, 2)}\n`;
  if (existsSync(path)) {
    if (readFileSync(path, 'utf8') !== text) {
      throw ConfigError.of('--out', directory, `a new folder, or one holding this same sweep (its ${SWEEP_FILE} describes another config or grid)`);
    }
    return;
  }
  if (existsSync(join(directory, 'config.json'))) throw ConfigError.of('--out', directory, 'a sweep folder; this one holds a single run');
  mkdirSync(join(directory, 'runs'), { recursive: true });
  mkdirSync(join(directory, 'logs'), { recursive: true });
  writeFileSync(path, text);
}

/**
 * Runs every configuration of the grid (the cartesian product of the axes), `workers` at a time,
 * each as its own `mfpg run` process writing runs/<id>/. A configuration that diverges or crashes
 * is recorded and the sweep carries on. Rerunning into the same folder skips finished runs and
 * resumes interrupted ones from their checkpoints. Writes results.csv and comparison plots.
 * Bad input (grid, config, folder) is a ConfigError before any run starts.
 */
export async function runSweep(options: SweepOptions): Promise<SweepOutcome> {
  if (!(Number.isInteger(options.workers) && options.workers >= 1)) throw ConfigError.of('--workers', options.workers, 'an integer ≥ 1');
  const fixed = options.fixed ?? [];
  const points = sweepPoints(options.axes, fixed);
  validateSweep(options.input, options.axes, points, fixed, options.modules ?? []);
  const command = workerCommand(options.workerCommand);
  const directory = resolve(options.out);
  const plugins = (options.plugins ?? []).map((plugin) => resolve(plugin));
  claimFolder(directory, { mfpg: packageJson.version, input: options.input, set: fixed, grid: options.axes.map((axis) => axis.text), plugins });
  const baseConfig = join(directory, 'base-config.json');
  if (!existsSync(baseConfig)) writeFileSync(baseConfig, `${JSON.stringify(options.input ?? {}, null, 2)}\n`);
  const every = String(options.checkpointEvery ?? 50);

  const results = new Array<SweepResult | undefined>(points.length);
  const running = new Set<ReturnType<typeof spawn>>();
  let done = 0;
  const record = (index: number, result: SweepResult) => {
    results[index] = result;
    done++;
    options.onResult?.(result, done, points.length);
    writeResultsTable(join(directory, 'results.csv'), options.axes, results.filter((row): row is SweepResult => row !== undefined));
  };
  const stop = () => {
    for (const child of running) child.kill('SIGTERM');
  };
  options.signal?.addEventListener('abort', stop);
  // If this process ends first (killed test runner, uncaught error), take the workers with it.
  process.on('exit', stop);

  const runPoint = (index: number) =>
    new Promise<void>((resolvePoint) => {
      const point = points[index];
      const runDirectory = join(directory, 'runs', point.id);
      const summary = readSummary(runDirectory);
      if (finished(summary)) {
        record(index, resultOf(point, runDirectory, null));
        resolvePoint();
        return;
      }
      let args: string[];
      if (existsSync(join(runDirectory, CHECKPOINT_FILE))) {
        args = ['resume', runDirectory, ...plugins.flatMap((plugin) => ['--plugin', plugin]), '--no-progress'];
      } else {
        // A run that stopped before its first checkpoint cannot be continued: keep it aside, start over.
        if (existsSync(runDirectory)) renameSync(runDirectory, `${runDirectory}.stale-${Date.now()}`);
        args = ['run', baseConfig, ...point.overrides.flatMap((override) => ['--set', override]), ...plugins.flatMap((plugin) => ['--plugin', plugin]), '--out', runDirectory, '--no-progress', '--checkpoint-every', every];
      }
      const child = spawn(command[0], [...command.slice(1), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      running.add(child);
      let log = '';
      child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
      child.on('error', (error) => (log += `mfpg sweep: cannot start the worker: ${error.message}\n`));
      child.on('close', (code, signal) => {
        running.delete(child);
        writeFileSync(join(directory, 'logs', `${point.id}.log`), log);
        const lastLine = log.trim().split('\n').filter(Boolean).at(-1) ?? `worker exited with ${signal ?? `code ${code}`}`;
        record(index, resultOf(point, runDirectory, lastLine));
        resolvePoint();
      });
    });

  let next = 0;
  const lane = async () => {
    while (next < points.length && !options.signal?.aborted) await runPoint(next++);
  };
  try {
    await Promise.all(Array.from({ length: Math.min(options.workers, points.length) }, lane));
  } finally {
    options.signal?.removeEventListener('abort', stop);
    process.off('exit', stop);
  }
  const rows = results.filter((row): row is SweepResult => row !== undefined);
  writeResultsTable(join(directory, 'results.csv'), options.axes, rows);
  await writeSweepPlots(directory, options.axes, rows);
  return { directory, results: rows };
}
