import { writeFileAtomic } from './atomic-write';

/** Writes pretty-printed JSON atomically (non-finite numbers become null, as JSON requires). */
export function writeJson(path: string, value: unknown): void {
  writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}
