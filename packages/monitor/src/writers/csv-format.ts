import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import type { MonitorRow } from '../pipeline/monitor-row';
import type { KeyValueWriter } from './key-value-writer';

/**
 * Comma-separated values with a header, written through at once. Metrics with different cadences
 * give rows with different keys: a missing key is an empty cell, and a key first seen after the
 * header was written makes the writer rewrite the file with the wider header, new columns last,
 * earlier lines padded with empty cells (as Stable-Baselines3's CSVOutputFormat does; rare, since
 * every metric logs at step 0). Memory stays O(columns): earlier lines are read back from disk.
 */
export class CsvFormat implements KeyValueWriter {
  private fd: number;
  private columns: string[] = [];
  private closed = false;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
  }

  write(row: MonitorRow): void {
    const fresh = Object.keys(row).filter((key) => !this.columns.includes(key));
    if (fresh.length > 0) this.widen(fresh);
    writeSync(this.fd, `${this.columns.map((key) => formatCell(row[key])).join(',')}\n`);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }

  private widen(fresh: readonly string[]): void {
    const lines = this.columns.length > 0 ? readFileSync(this.path, 'utf8').split('\n').slice(1).filter(Boolean) : [];
    this.columns = [...this.columns, ...fresh];
    closeSync(this.fd);
    this.fd = openSync(this.path, 'w');
    const padding = ','.repeat(fresh.length);
    writeSync(this.fd, `${this.columns.map(quote).join(',')}\n${lines.map((line) => `${line}${padding}\n`).join('')}`);
  }
}

function formatCell(value: number | undefined): string {
  return value === undefined ? '' : String(value);
}

function quote(key: string): string {
  return /[",\n]/.test(key) ? `"${key.replaceAll('"', '""')}"` : key;
}
