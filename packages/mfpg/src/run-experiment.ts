import { join } from 'node:path';
import { DivergenceError, type FlowMetrics, flowMetrics, ParameterPrior, type RunConfig } from '@mfpg/core';
import packageJson from '../package.json';
import { type CreateFlowOptions, createFlow } from './create-flow';
import { JsonlWriter } from './output/jsonl-writer';
import { prepareRunDirectory } from './output/run-directory';
import { writeJson } from './output/write-json';

export type RunStatus = 'completed' | 'diverged' | 'interrupted';

/** What `mfpg run` reports while it runs. */
export interface RunProgress {
  readonly step: number;
  readonly totalSteps: number;
  readonly t: number;
  readonly value: number;
}

export interface RunExperimentOptions extends CreateFlowOptions {
  /** Output folder; default a fresh runs/<timestamp>-<env>. */
  readonly out?: string;
  /** Called at every step with the current state (for progress bars). */
  readonly onProgress?: (progress: RunProgress) => void;
  /** Called with each logged metrics row. */
  readonly onMetrics?: (metrics: FlowMetrics) => void;
  /** Stops the run between steps; the files are completed and the status is `interrupted`. */
  readonly signal?: AbortSignal;
}

export interface RunSummary {
  readonly status: RunStatus;
  readonly steps: number;
  readonly totalSteps: number;
  readonly final: FlowMetrics | null;
  readonly error: string | null;
  readonly timings: { readonly totalSeconds: number; readonly secondsPerStep: number };
  readonly versions: { readonly mfpg: string; readonly node: string };
}

export interface RunResult {
  readonly directory: string;
  readonly config: RunConfig;
  readonly summary: RunSummary;
  readonly error?: DivergenceError;
}

/**
 * Runs one flow and writes the output contract of ARCHITECTURE.md to a folder: config.json (fully
 * resolved), metrics.jsonl (one row per logged step), summary.json, particles.json. Bad input throws
 * ConfigError before any file is written; a divergence is reported in the result (status
 * `diverged`) with every row logged before it kept on disk.
 */
export async function runExperiment(input: unknown = {}, options: RunExperimentOptions = {}): Promise<RunResult> {
  const { config, container, engine } = createFlow(input, options);
  const directory = prepareRunDirectory(options.out, config.env.name);
  writeJson(join(directory, 'config.json'), config);

  const metricsFile = new JsonlWriter(join(directory, 'metrics.jsonl'));
  let last: FlowMetrics | null = null;
  const metrics = engine.steps$
    .pipe(flowMetrics({ every: config.monitor.every, sigma: config.regularization.sigma, prior: container.get(ParameterPrior), klNeighbors: config.monitor.klNeighbors }))
    .subscribe({
      next: (row) => {
        metricsFile.write(row);
        last = row;
        options.onMetrics?.(row);
      },
      error: () => undefined,
    });
  const progress = engine.steps$.subscribe({
    next: (event) => options.onProgress?.({ step: event.step, totalSteps: engine.totalSteps, t: event.t, value: event.value }),
    error: () => undefined,
  });

  const started = performance.now();
  let status: RunStatus = 'completed';
  let divergence: DivergenceError | undefined;
  try {
    await engine.run({ signal: options.signal });
    if (options.signal?.aborted) status = 'interrupted';
  } catch (error) {
    if (!(error instanceof DivergenceError)) throw error;
    status = 'diverged';
    divergence = error;
  } finally {
    metrics.unsubscribe();
    progress.unsubscribe();
    metricsFile.close();
  }
  const totalSeconds = (performance.now() - started) / 1000;

  if (status !== 'diverged') {
    const rows = Array.from({ length: engine.particleCount }, (_, i) => Array.from(engine.theta.subarray(i * engine.dim, (i + 1) * engine.dim)));
    writeJson(join(directory, 'particles.json'), { step: engine.step, t: engine.time, particleCount: engine.particleCount, dim: engine.dim, theta: rows });
  }
  const summary: RunSummary = {
    status,
    steps: engine.step,
    totalSteps: engine.totalSteps,
    final: last,
    error: divergence?.message ?? null,
    timings: { totalSeconds, secondsPerStep: engine.step > 0 ? totalSeconds / engine.step : 0 },
    versions: { mfpg: packageJson.version, node: process.version },
  };
  writeJson(join(directory, 'summary.json'), summary);
  return { directory, config, summary, error: divergence };
}
