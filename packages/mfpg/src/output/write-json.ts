import { writeFileSync } from 'node:fs';

/** Writes pretty-printed JSON (non-finite numbers become null, as JSON requires). */
export function writeJson(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}
