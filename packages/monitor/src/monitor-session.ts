import { DivergenceError, type StepEvent } from '@mfpg/core';
import { type Observable, Subscription } from 'rxjs';
import { MetricFailure } from './pipeline/metric-failure';
import type { MonitorRow } from './pipeline/monitor-row';
import { monitorRows } from './pipeline/monitor-rows';
import type { ResolvedMonitor } from './resolve-monitor';
import type { RunOutcome, Sink, SinkContext } from './sinks/sink-definition';
import { SinkQueue } from './sinks/sink-queue';
import type { StopDecision } from './stop/stop-conditions';

/** Default slots of each sink's queue (rows waiting for a slow sink; see SinkQueue). */
export const DEFAULT_SINK_QUEUE_CAPACITY = 256;

/** What each sink received, for summary.json. */
export interface SinkReport {
  readonly written: number;
  /** Rows dropped because the sink fell more than its queue's capacity behind. */
  readonly dropped: number;
  /** Most rows that waited in its queue at once (≤ the queue's capacity). */
  readonly highWater: number;
  /** The first error the sink's write or close threw (later rows are still offered to it), or null. */
  readonly error: string | null;
}

/** Options of {@link MonitorSession}. */
export interface MonitorSessionOptions {
  /** Called once when a stop condition fires, a metric fails, or the monitor reports divergence: stop the flow. */
  readonly requestStop: () => void;
  /** Called synchronously with each logged row. */
  readonly onRow?: (row: MonitorRow) => void;
  readonly queueCapacity?: number;
}

/**
 * The monitor of one run: subscribes the metrics and sinks of a {@link ResolvedMonitor} to a step
 * stream, checks the stop conditions on each logged row, and on `finish` detaches, drains the sink
 * queues and closes the sinks. Rows go to sinks through bounded queues, so no sink blocks the
 * flow; `onStep` hooks run synchronously. A failing metric or a stop condition asks the flow to stop
 * (`requestStop`) and is kept in `failure` / `stopped` / `divergence`; rows logged before are kept.
 */
export class MonitorSession {
  last: MonitorRow | null = null;
  stopped: StopDecision | null = null;
  failure: MetricFailure | null = null;
  divergence: DivergenceError | null = null;
  private readonly subscription = new Subscription();
  private readonly sinks: { readonly name: string; readonly sink: Sink; readonly queue: SinkQueue | null; error: string | null }[] = [];

  constructor(
    private readonly monitor: ResolvedMonitor,
    context: SinkContext,
    private readonly options: MonitorSessionOptions,
  ) {
    const capacity = options.queueCapacity ?? DEFAULT_SINK_QUEUE_CAPACITY;
    for (const { name, definition, options: sinkOptions } of monitor.sinks) {
      const sink = definition.create(context, sinkOptions);
      const write = sink.write?.bind(sink);
      const onError = (error: unknown) => {
        entry.error ??= (error as Error).message ?? String(error);
      };
      const entry: (typeof this.sinks)[number] = { name, sink, queue: write ? new SinkQueue(write, { capacity, onError }) : null, error: null };
      this.sinks.push(entry);
    }
  }

  /** Subscribes the metrics and sinks to the steps; call before the flow runs. */
  attach(steps$: Observable<StepEvent>): void {
    this.attachRows(steps$.pipe(monitorRows(this.monitor.metrics)), '(monitor)');
    // After the rows: a step's `onStep` hooks see its logged row already written (progress shows it).
    // A hook that throws is reported in the sink's `error` and not called again; the flow goes on.
    const ignore = () => undefined;
    for (const entry of this.sinks) {
      const onStep = entry.sink.onStep?.bind(entry.sink);
      if (!onStep) continue;
      const subscription = steps$.subscribe({
        next: (event) => {
          try {
            onStep(event);
          } catch (error) {
            entry.error ??= (error as Error).message ?? String(error);
            subscription.unsubscribe();
          }
        },
        error: ignore,
      });
      this.subscription.add(subscription);
    }
  }

  /**
   * Subscribes the sinks (their `write`) and the stop conditions to a stream of rows computed
   * elsewhere (the distances between the replicas of a replica run); an error of that stream that
   * is no MetricFailure is reported as one of `source`. `attach` does this for the rows of its metrics.
   */
  attachRows(rows$: Observable<MonitorRow>, source: string): void {
    const queues = this.sinks.flatMap((entry) => (entry.queue ? [entry.queue] : []));
    const stop = this.monitor.stop;
    this.subscription.add(
      rows$.subscribe({
        next: (row) => {
          this.last = row;
          this.options.onRow?.(row);
          for (const queue of queues) queue.push(row);
          if (!stop.active || this.stopped || this.divergence) return;
          try {
            this.stopped = stop.check(row);
          } catch (error) {
            if (!(error instanceof DivergenceError)) throw error;
            this.divergence = error;
          }
          if (this.stopped || this.divergence) this.options.requestStop();
        },
        error: (error: unknown) => {
          // A divergence of the flow is the engine's to report; anything else is the monitor's.
          if (error instanceof DivergenceError) return;
          this.failure = error instanceof MetricFailure ? error : new MetricFailure(source, this.last?.step ?? 0, this.last?.t ?? 0, error);
          this.options.requestStop();
        },
      }),
    );
  }

  /**
   * The current state of every configured metric that keeps memory between kept steps (JSON),
   * keyed `index/name`; call between steps (a checkpoint) and pass it back to resolveMonitor on resume.
   */
  metricMemory(): Record<string, unknown> {
    return this.monitor.memories?.snapshots() ?? {};
  }

  /** Detaches from the steps, drains every sink's queue and closes the sinks, in order. */
  async finish(outcome: RunOutcome['status']): Promise<Record<string, SinkReport>> {
    this.subscription.unsubscribe();
    const reports: Record<string, SinkReport> = {};
    for (const entry of this.sinks) {
      await entry.queue?.flush();
      try {
        await entry.sink.close?.({ status: outcome, last: this.last });
      } catch (error) {
        entry.error ??= (error as Error).message ?? String(error);
      }
      reports[entry.name] = { written: entry.queue?.written ?? 0, dropped: entry.queue?.dropped ?? 0, highWater: entry.queue?.highWater ?? 0, error: entry.error };
    }
    return reports;
  }
}
