import { writeFileSync } from 'node:fs';

/** Writes compact JSON (non-finite numbers become null, as JSON requires). */
export function writeJsonFile(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value)}\n`);
}
