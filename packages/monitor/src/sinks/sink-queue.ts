import type { MonitorRow } from '../pipeline/monitor-row';

/** Options of {@link SinkQueue}. */
export interface SinkQueueOptions {
  /** Most rows waiting for the writer; beyond it the oldest waiting row is dropped. */
  readonly capacity: number;
  /** Called with an error the writer threw or rejected with (the queue keeps going). */
  readonly onError?: (error: unknown) => void;
}

/**
 * A bounded buffer between the flow and a sink's `write`. `push` never waits: if the writer is
 * synchronous the row is written at once; while an asynchronous write is in flight, rows wait in a
 * ring buffer of `capacity` slots, and when it is full the OLDEST waiting row is dropped (counted
 * in `dropped`). So a slow sink sees a thinned-out stream that always ends with the latest rows —
 * the final state of a run is never lost — and memory stays O(capacity).
 */
export class SinkQueue {
  private readonly slots: (MonitorRow | undefined)[];
  private head = 0;
  private size = 0;
  private draining: Promise<void> | null = null;
  /** Rows dropped because the queue was full. */
  dropped = 0;
  /** Rows handed to the writer. */
  written = 0;
  /** Most rows that ever waited at once (≤ capacity). */
  highWater = 0;

  constructor(
    private readonly writer: (row: MonitorRow) => void | Promise<void>,
    private readonly options: SinkQueueOptions,
  ) {
    if (!(Number.isInteger(options.capacity) && options.capacity >= 1)) throw new RangeError(`SinkQueue: capacity must be an integer ≥ 1, given ${options.capacity}`);
    this.slots = new Array(options.capacity);
  }

  /** Rows waiting now. */
  get waiting(): number {
    return this.size;
  }

  push(row: MonitorRow): void {
    if (this.draining === null) {
      this.draining = this.drain(row);
      return;
    }
    const capacity = this.options.capacity;
    if (this.size === capacity) {
      this.head = (this.head + 1) % capacity;
      this.size--;
      this.dropped++;
    }
    this.slots[(this.head + this.size) % capacity] = row;
    this.size++;
    if (this.size > this.highWater) this.highWater = this.size;
  }

  /** Resolves once every waiting row has been written. */
  async flush(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private take(): MonitorRow | undefined {
    if (this.size === 0) return undefined;
    const row = this.slots[this.head];
    this.slots[this.head] = undefined;
    this.head = (this.head + 1) % this.options.capacity;
    this.size--;
    return row;
  }

  /** Writes `first`, then whatever waits; synchronous writers never leave the first call. */
  private drain(first: MonitorRow): Promise<void> | null {
    let row: MonitorRow | undefined = first;
    while (row) {
      let result: void | Promise<void>;
      try {
        this.written++;
        result = this.writer(row);
      } catch (error) {
        this.options.onError?.(error);
        result = undefined;
      }
      if (result instanceof Promise) return this.continueAfter(result);
      row = this.take();
    }
    return null;
  }

  private async continueAfter(pending: Promise<void>): Promise<void> {
    try {
      await pending;
    } catch (error) {
      this.options.onError?.(error);
    }
    const next = this.take();
    this.draining = next ? this.drain(next) : null;
  }
}
