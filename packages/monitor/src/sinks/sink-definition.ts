import { PluginPoints, type RunConfig, type StepEvent } from '@mfpg/core';
import type { ZodType } from 'zod';
import type { MonitorRow } from '../pipeline/monitor-row';

/** The token of the gathered `sink` point (its registry entry is core's `PluginPoints.sink`). */
export const SinkDefinition = PluginPoints.sink.token;

/** What the live progress display is told at every step. */
export interface ProgressUpdate {
  readonly step: number;
  readonly totalSteps: number;
  readonly t: number;
  /** F(ν_t) at this step. */
  readonly value: number;
  /** The chosen keys of the latest logged row (e.g. objective, kl), empty before the first one. */
  readonly metrics: Readonly<Record<string, number>>;
}

/** Where a sink writes and what it may report to. */
export interface SinkContext {
  readonly config: RunConfig;
  /** The run folder (exists and is writable). */
  readonly directory: string;
  readonly totalSteps: number;
  /** The live display of the caller (a terminal progress bar for `mfpg run`), if any. */
  readonly onProgress?: (update: ProgressUpdate) => void;
  /**
   * Set when the run continues from a checkpoint taken before step `step`: metrics.jsonl held
   * `metricsBytes` bytes then (the jsonl sink cuts it back to that and appends; the plots sink
   * takes back its particle clouds of earlier steps; other sinks start afresh).
   */
  readonly resume?: { readonly metricsBytes: number; readonly step: number };
}

/** How a run ended, told to each sink when it closes. */
export interface RunOutcome {
  readonly status: 'completed' | 'stopped' | 'interrupted' | 'diverged' | 'failed';
  /** The last logged row, if any. */
  readonly last: MonitorRow | null;
}

/**
 * One sink of a run. `onStep` sees every step event synchronously (it must be cheap — copy what it
 * keeps, do no I/O); `write` gets each logged row through a bounded queue, so it may be slow or
 * asynchronous without blocking the flow (see SinkQueue for the drop policy); `close` runs once at
 * the end, after the queue has drained.
 */
export interface Sink {
  onStep?(event: StepEvent): void;
  write?(row: MonitorRow): void | Promise<void>;
  close?(outcome: RunOutcome): void | Promise<void>;
}

/**
 * A sink that can be chosen by name in the config's `monitor.sinks` (`{ jsonl: {}, plots: { … } }`),
 * registered with `bindPlugin(options, { point: 'sink', … }, { useValue: definition })` (or made by
 * `defineSink`) and gathered under the `SinkDefinition` token.
 */
export interface SinkDefinition {
  /** Config key, e.g. `jsonl`. */
  readonly name: string;
  readonly description: string;
  /** Schema of its options (unknown keys must be rejected: use a strict object). */
  readonly options: ZodType;
  /** `options` has passed `this.options`. */
  create(context: SinkContext, options: unknown): Sink;
}
