import { closeSync, openSync, truncateSync, writeSync } from 'node:fs';
import type { MonitorRow } from '../pipeline/monitor-row';
import type { KeyValueWriter } from './key-value-writer';

/**
 * One JSON object per line, written through at once so that whatever was logged survives a
 * divergence or a crash. Non-finite numbers become null (JSON has no NaN).
 */
export class JsonlFormat implements KeyValueWriter {
  private readonly fd: number;
  private closed = false;

  /** `keepBytes`: keep the file's first bytes and append after them (resuming a run); default: start empty. */
  constructor(
    readonly path: string,
    keepBytes?: number,
  ) {
    if (keepBytes === undefined) {
      this.fd = openSync(path, 'w');
      return;
    }
    truncateSync(path, keepBytes);
    this.fd = openSync(path, 'a');
  }

  write(row: MonitorRow): void {
    writeSync(this.fd, `${JSON.stringify(row)}\n`);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}
