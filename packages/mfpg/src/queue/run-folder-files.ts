import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { ConfigError } from '@mfpg/core';
import { writeFileAtomic } from '../output/atomic-write';
import { makeDirectory } from '../output/make-directory';

/**
 * The files of a run folder as JSON for a job's result: relative path (`/`-separated) → base64 of
 * the bytes (plots are PNG; text travels as bytes too, so nothing is re-encoded on the way).
 */
export type RunFolderFiles = Readonly<Record<string, string>>;

/** A path a run folder may hold: plain names, no `.`/`..` segments, nothing absolute. */
const SEGMENT = /^(?!\.{1,2}$)[A-Za-z0-9._=+-]+$/;

/** Every file under `directory` except the names in `skip`, read into a RunFolderFiles. */
export function readRunFolder(directory: string, skip: ReadonlySet<string>): RunFolderFiles {
  const files: Record<string, string> = {};
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      const name = relative(directory, path).split(sep).join('/');
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && !skip.has(name)) files[name] = readFileSync(path).toString('base64');
    }
  };
  walk(directory);
  return files;
}

/**
 * Writes RunFolderFiles into `directory`, `summary.json` last (it marks a finished run). A name that
 * would leave the folder is refused: the files come from another machine.
 */
export function writeRunFolder(directory: string, files: RunFolderFiles): void {
  const names = Object.keys(files).sort((a, b) => Number(a === 'summary.json') - Number(b === 'summary.json'));
  for (const name of names) {
    if (!name.split('/').every((segment) => SEGMENT.test(segment))) throw ConfigError.of('job result', name, 'file names inside the run folder');
  }
  for (const name of names) {
    const path = join(directory, ...name.split('/'));
    makeDirectory(dirname(path));
    // Atomic: summary.json marks a finished run, and a coordinator may be killed at any moment.
    writeFileAtomic(path, Buffer.from(files[name], 'base64'));
  }
}

/** One file of RunFolderFiles as text, or null if absent. */
export const fileText = (files: RunFolderFiles, name: string): string | null => (name in files ? Buffer.from(files[name], 'base64').toString('utf8') : null);
