import { statSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, type FlowEngine, type RunConfig } from '@mfpg/core';
import type { ResolvedMonitor } from '@mfpg/monitor';
import packageJson from '../../package.json';
import { type Checkpoint, makeCheckpoint } from './checkpoint';

/** When a run writes its checkpoint: every `every` steps, and when it is interrupted. */
export interface CheckpointPolicy {
  readonly every: number;
  /** Whether a checkpoint is due between steps, before step `step` (every `every` steps, and once aborted). */
  due(step: number, signal?: AbortSignal): boolean;
}

/**
 * The checkpoint policy of `--checkpoint-every K` (undefined: no checkpoints). K is checked here,
 * before the run writes anything.
 */
export function checkpointPolicy(every: number | undefined): CheckpointPolicy | undefined {
  if (every === undefined) return undefined;
  if (!(Number.isInteger(every) && every >= 1)) throw ConfigError.of('--checkpoint-every', every, 'an integer ≥ 1 (steps between checkpoints)');
  return { every, due: (step, signal) => step % every === 0 || signal?.aborted === true };
}

/**
 * The checkpoint of one flow between steps, in its folder `directory`; `metricMemory` gives its
 * metrics' state (MonitorSession.metricMemory). Between steps the engine state is complete, every
 * metrics row of earlier steps is on disk (JsonlWriter writes through), so the file length marks
 * exactly what to keep, and the metrics (synchronous on each step) hold their state after exactly
 * those steps.
 */
export function flowCheckpoint(engine: FlowEngine, config: RunConfig, directory: string, every: number, metricMemory: Readonly<Record<string, unknown>>): Checkpoint {
  const metricsBytes = statSync(join(directory, 'metrics.jsonl')).size;
  return makeCheckpoint(engine.snapshot(), engine.time, config, packageJson.version, metricsBytes, every, metricMemory);
}

/**
 * Checkpoints record how much of metrics.jsonl was written: a run that writes or resumes them needs
 * the jsonl sink writing metrics.jsonl in `monitor` (ConfigError otherwise, `given`: the config's choice).
 */
export function requireMetricsFile(monitor: ResolvedMonitor, given: unknown): void {
  const jsonl = monitor.sinks.find((sink) => sink.name === 'jsonl');
  if ((jsonl?.options as { file?: string } | undefined)?.file !== 'metrics.jsonl') {
    throw ConfigError.of('monitor.sinks.jsonl', given, 'the jsonl sink writing metrics.jsonl: checkpoints record how much of it was written');
  }
}

/** Parses the K of `--checkpoint-every K` (exit 2 naming the option when it is not an integer ≥ 1). */
export function parseCheckpointEvery(text: string): number {
  const every = /^\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!(every >= 1)) throw ConfigError.of('--checkpoint-every', text, 'an integer ≥ 1 (steps between checkpoints)');
  return every;
}
