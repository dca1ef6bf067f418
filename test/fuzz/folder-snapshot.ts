import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every file under `directory` with its bytes (base64), to prove a command changed nothing. */
export function folderSnapshot(directory: string): Record<string, string> | null {
  if (!existsSync(directory)) return null;
  const files: Record<string, string> = {};
  const walk = (relative: string) => {
    const path = join(directory, relative);
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path).sort()) walk(relative ? join(relative, name) : name);
    } else {
      files[relative] = readFileSync(path).toString('base64');
    }
  };
  walk('');
  return files;
}

/** A stack trace line (`    at f (file:1:2)`): never printed for anything a user can cause. */
export const STACK_TRACE = /\n\s+at .+[:(]/;
