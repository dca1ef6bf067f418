import { linkSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { OutputError } from './output-error';

const temporaryOf = (path: string) => `${path}.${process.pid}.tmp`;

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone (or never created): nothing to clean.
  }
}

/**
 * Writes `data` to `path` atomically: to a temporary file in the same folder, then renamed over
 * the old file, so a kill at any moment leaves the old or the new content, never half. On any
 * failure (a full disk included) the temporary file is removed and an OutputError names the path.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const temporary = temporaryOf(path);
  try {
    writeFileSync(temporary, data);
    renameSync(temporary, path);
  } catch (error) {
    removeQuietly(temporary);
    throw OutputError.of(error, path);
  }
}

/**
 * Creates `path` with `data` only if it does not exist yet, atomically (a hard link of a complete
 * temporary file): of two processes claiming one file exactly one succeeds. Returns false, writing
 * nothing, when the file exists; other failures throw an OutputError.
 */
export function createFileExclusive(path: string, data: string): boolean {
  const temporary = temporaryOf(path);
  try {
    writeFileSync(temporary, data);
    linkSync(temporary, path);
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === 'EEXIST') return false;
    throw OutputError.of(error, path);
  } finally {
    removeQuietly(temporary);
  }
}
