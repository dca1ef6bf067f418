import type { MonitorRow } from '../pipeline/monitor-row';

/**
 * An output format for logged rows (Stable-Baselines3's `KVWriter`): the jsonl and csv sinks are
 * a queue around one of these, and a new format is one more class.
 */
export interface KeyValueWriter {
  write(row: MonitorRow): void | Promise<void>;
  close(): void | Promise<void>;
}
