import { spawn } from 'node:child_process';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError, type ResourceLimits, type RunConfig } from '@mfpg/core';
import type { ContainerModule } from 'inversify';
import packageJson from '../../package.json';
import { CHECKPOINT_FILE } from '../checkpoints';
import { writeFileAtomic } from '../output/atomic-write';
import { makeDirectory } from '../output/make-directory';
import { assertFreshFolder, createOutputFolder, outputPath } from '../output/run-directory';
import { assertDistinctAxes, type GridAxis, gridSize } from './grid-axis';
import type { SweepResult, SweepStatus } from './results-table';
import { SweepResults } from './sweep-results';
import { type SweepPoint, sweepPoints, validateSweep } from './sweep-plan';
import { PARENT_PID_VARIABLE, workerCommand } from './worker-command';

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
  /** Memory and step limits every configuration must satisfy (passed on to the workers). */
  readonly limits?: ResourceLimits;
  /** Most configurations a sweep may have (default `DEFAULT_MAX_RUNS`). */
  readonly maxRuns?: number;
  /** Called as each configuration ends. */
  readonly onResult?: (result: SweepResult, done: number, total: number) => void;
}

export interface SweepOutcome {
  readonly directory: string;
  readonly results: readonly SweepResult[];
}

const SWEEP_FILE = 'sweep.json';

/** 10 000 configurations: a day of small runs; a larger product of --grid axes is almost always a typo. */
export const DEFAULT_MAX_RUNS = 10_000;

type FinalRow = { readonly value?: number; readonly objective?: number; readonly kl?: number } | null;

export interface RunSummaryFile {
  readonly status?: string;
  readonly steps?: number;
  readonly error?: string | null;
  readonly final?: FinalRow;
  /** A replica run's: each replica's last row (its `final` is the last distance row). */
  readonly replicas?: readonly { readonly final?: FinalRow }[];
  readonly timings?: { readonly totalSeconds?: number };
}

/** The mean of `key` over the replicas' last rows (a single run: its own), null unless every one has it. */
function finalMean(summary: RunSummaryFile | null, key: 'value' | 'objective' | 'kl'): number | null {
  const finals = summary?.replicas ? summary.replicas.map((replica) => replica.final) : [summary?.final];
  const values = finals.map((row) => row?.[key]);
  if (values.length === 0 || !values.every((value): value is number => typeof value === 'number')) return null;
  return values.reduce((sum, value) => sum + value, 0) / values.length;
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
    replicas: summary?.replicas?.length ?? 1,
    value: finalMean(summary, 'value'),
    objective: finalMean(summary, 'objective'),
    kl: finalMean(summary, 'kl'),
    seconds: summary?.timings?.totalSeconds ?? null,
    error: status === 'failed' ? fallbackError : (summary?.error ?? null),
  };
}

/**
 * Claims the sweep folder: new or empty, or holding this very sweep (then it is resumed). A folder
 * holding anything else (a run, another sweep, the user's files) is refused.
 */
function claimFolder(directory: string, given: string, description: object): void {
  const path = join(directory, SWEEP_FILE);
  const text = `${JSON.stringify(description, null, 2)}\n`;
  if (existsSync(path)) {
    if (readFileSync(path, 'utf8') !== text) {
      throw ConfigError.of('--out', given, `a new folder, or one holding this same sweep (its ${SWEEP_FILE} describes another config or grid)`);
    }
    return;
  }
  assertFreshFolder(directory, '--out', given, 'sweep');
  createOutputFolder(directory, '--out', given);
  makeDirectory(join(directory, 'runs'));
  makeDirectory(join(directory, 'logs'));
  writeFileAtomic(path, text);
}

/** A sweep's configurations, checked: the grid's points and each resolved config, in one order. */
export interface CheckedSweep {
  readonly fixed: readonly string[];
  readonly points: readonly SweepPoint[];
  readonly configs: readonly RunConfig[];
}

/**
 * The checks every sweep, local or queued, makes before anything is written: distinct axes, at most
 * `maxRuns` configurations, each configuration valid and within the limits (ConfigError otherwise).
 */
export function checkSweep(options: Omit<SweepOptions, 'workers'>): CheckedSweep {
  const fixed = options.fixed ?? [];
  assertDistinctAxes(options.axes);
  const size = gridSize(options.axes);
  const maxRuns = options.maxRuns ?? DEFAULT_MAX_RUNS;
  if (!(size <= maxRuns)) {
    throw ConfigError.of('--grid', options.axes.map((axis) => axis.text).join(' '), `at most ${maxRuns} configurations (these axes make ${size}); raise the limit with --max-runs if you mean it`);
  }
  const points = sweepPoints(options.axes, fixed);
  const configs = validateSweep(options.input, options.axes, points, fixed, options.modules ?? [], options.limits);
  return { fixed, points, configs };
}

/** A claimed sweep folder: its path, what sweep.json holds, the plugins as absolute paths, base-config.json. */
export interface ClaimedSweepFolder {
  readonly directory: string;
  readonly description: object;
  readonly plugins: readonly string[];
  readonly baseConfig: string;
}

/**
 * Claims a checked sweep's folder (see claimFolder) and writes its base-config.json; returns the
 * folder and the description sweep.json holds, which identifies the sweep when it is run again.
 */
export function claimSweepFolder(options: Omit<SweepOptions, 'workers'>, fixed: readonly string[]): ClaimedSweepFolder {
  const given = outputPath(options.out) as string;
  const directory = resolve(given);
  const plugins = (options.plugins ?? []).map((plugin) => resolve(plugin));
  const description = { mfpg: packageJson.version, input: options.input, set: fixed, grid: options.axes.map((axis) => axis.text), plugins };
  claimFolder(directory, given, description);
  const baseConfig = join(directory, 'base-config.json');
  if (!existsSync(baseConfig)) writeFileAtomic(baseConfig, `${JSON.stringify(options.input ?? {}, null, 2)}\n`);
  return { directory, description, plugins, baseConfig };
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
  const command = workerCommand(options.workerCommand);
  const { fixed, points } = checkSweep(options);
  const { directory, plugins, baseConfig } = claimSweepFolder(options, fixed);
  const every = String(options.checkpointEvery ?? 50);
  const limitArgs = options.limits ? ['--max-memory', String(options.limits.maxMemoryBytes), '--max-steps', String(options.limits.maxSteps)] : [];

  const results = new SweepResults(directory, options.axes, points.length, options.onResult);
  const record = (index: number, result: SweepResult) => results.record(index, result);
  const running = new Set<ReturnType<typeof spawn>>();
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
        args = ['resume', runDirectory, ...plugins.flatMap((plugin) => ['--plugin', plugin]), ...limitArgs, '--no-progress'];
      } else {
        // A run that stopped before its first checkpoint cannot be continued: keep it aside, start over.
        if (existsSync(runDirectory)) renameSync(runDirectory, `${runDirectory}.stale-${Date.now()}`);
        args = ['run', baseConfig, ...point.overrides.flatMap((override) => ['--set', override]), ...plugins.flatMap((plugin) => ['--plugin', plugin]), '--out', runDirectory, ...limitArgs, '--no-progress', '--checkpoint-every', every];
      }
      // The worker watches this process (PARENT_PID_VARIABLE): killed with SIGKILL, the sweep leaves no orphans running.
      const child = spawn(command[0], [...command.slice(1), ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, [PARENT_PID_VARIABLE]: String(process.pid) } });
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
  return { directory, results: await results.finish() };
}
