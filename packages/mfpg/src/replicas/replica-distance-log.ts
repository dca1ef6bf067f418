import { DivergenceError } from '@mfpg/core';
import {
  DEFAULT_SINK_QUEUE_CAPACITY,
  type MonitorRow,
  type RunOutcome,
  type Sink,
  type SinkChoice,
  type SinkContext,
  SinkQueue,
  type SinkReport,
  type StopConditions,
  type StopDecision,
} from '@mfpg/monitor';

/** Options of {@link ReplicaDistanceLog}. */
export interface ReplicaDistanceLogOptions {
  /** Called once when a `monitor.stop` condition fires on a distance row: stop the replicas. */
  readonly requestStop: () => void;
  readonly queueCapacity?: number;
}

/**
 * Where the distance rows of a replica run go (its top folder): to the sinks of `monitor.sinks`
 * through bounded queues, as a single run's rows go (jsonl writes metrics.jsonl, plots draws the
 * distance chart at the end), and past the `monitor.stop` conditions, so that e.g.
 * `target: { metric: 'replicas/w2-max', value: 0.5, direction: 'below' }` ends the run once the
 * replicas have come together. The sinks get rows only (no step events: those are each replica's).
 */
export class ReplicaDistanceLog {
  last: MonitorRow | null = null;
  stopped: StopDecision | null = null;
  divergence: DivergenceError | null = null;
  private readonly sinks: { readonly name: string; readonly sink: Sink; queue: SinkQueue | null; error: string | null }[] = [];

  constructor(
    choices: readonly SinkChoice[],
    context: SinkContext,
    private readonly stop: StopConditions,
    private readonly options: ReplicaDistanceLogOptions,
  ) {
    const capacity = options.queueCapacity ?? DEFAULT_SINK_QUEUE_CAPACITY;
    for (const { name, definition, options: sinkOptions } of choices) {
      const sink = definition.create(context, sinkOptions);
      const write = sink.write?.bind(sink);
      const entry: (typeof this.sinks)[number] = { name, sink, queue: null, error: null };
      if (write) entry.queue = new SinkQueue(write, { capacity, onError: (error) => (entry.error ??= (error as Error).message ?? String(error)) });
      this.sinks.push(entry);
    }
  }

  /** Logs one row of distances (synchronously; the sinks write it from their queues). */
  write(row: MonitorRow): void {
    this.last = row;
    for (const entry of this.sinks) entry.queue?.push(row);
    if (!this.stop.active || this.stopped || this.divergence) return;
    try {
      this.stopped = this.stop.check(row);
    } catch (error) {
      if (!(error instanceof DivergenceError)) throw error;
      this.divergence = error;
    }
    if (this.stopped || this.divergence) this.options.requestStop();
  }

  /** Drains every sink's queue and closes the sinks, in order. */
  async finish(status: RunOutcome['status']): Promise<Record<string, SinkReport>> {
    const reports: Record<string, SinkReport> = {};
    for (const entry of this.sinks) {
      await entry.queue?.flush();
      try {
        await entry.sink.close?.({ status, last: this.last });
      } catch (error) {
        entry.error ??= (error as Error).message ?? String(error);
      }
      reports[entry.name] = { written: entry.queue?.written ?? 0, dropped: entry.queue?.dropped ?? 0, highWater: entry.queue?.highWater ?? 0, error: entry.error };
    }
    return reports;
  }
}
