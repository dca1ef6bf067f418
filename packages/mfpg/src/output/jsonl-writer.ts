import { closeSync, openSync, writeSync } from 'node:fs';

/**
 * Appends one JSON object per line, written through at once so that whatever was logged survives a
 * divergence or a crash.
 */
export class JsonlWriter {
  private readonly fd: number;
  private closed = false;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
  }

  write(row: object): void {
    writeSync(this.fd, `${JSON.stringify(row)}\n`);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}
