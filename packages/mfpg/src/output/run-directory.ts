import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError } from '@mfpg/core';
import { createFileExclusive } from './atomic-write';
import { makeDirectory } from './make-directory';
import { describeFileSystemError, isFileSystemError } from './output-error';

/**
 * Checks that `directory` may receive a new run or sweep: absent, or an empty folder. A folder
 * holding anything — another run's files, a sweep, the user's own files — is refused, so no
 * output ever overwrites data (`mfpg resume DIR` continues an interrupted run in its own folder).
 */
export function assertFreshFolder(directory: string, option: string, given: string, what: 'run' | 'sweep' | 'study'): void {
  let entries: string[];
  try {
    if (!statSync(directory).isDirectory()) throw ConfigError.of(option, given, `a folder for the ${what}'s outputs; this is a file`);
    entries = readdirSync(directory);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    if (isFileSystemError(error) && error.code === 'ENOENT') return;
    throw ConfigError.of(option, given, `a folder that can be read (${isFileSystemError(error) ? describeFileSystemError(error, directory) : String(error)})`);
  }
  if (entries.length === 0) return;
  const listed = entries.slice(0, 5).join(', ') + (entries.length > 5 ? `, … (${entries.length} entries)` : '');
  const hint = entries.includes('sweep.json')
    ? 'it holds a sweep: rerun that sweep with the same --out to resume it'
    : entries.includes('config.json')
      ? 'it holds a run: `mfpg resume` continues an interrupted one'
      : 'nothing is ever written over existing files';
  throw ConfigError.of(option, given, `a new or empty folder; this one holds ${listed} (${hint}); choose another --out`);
}

/** Creates a folder for outputs (and its parents), or a ConfigError naming the option when it cannot. */
export function createOutputFolder(directory: string, option: string, given: string): void {
  try {
    makeDirectory(directory);
  } catch (error) {
    throw ConfigError.of(option, given, `a folder that can be created (${isFileSystemError(error) ? describeFileSystemError(error, directory) : String(error)})`);
  }
}

/** Rejects `--out ''` (resolving it would write into the current folder). */
export function outputPath(out: string | undefined, option = '--out'): string | undefined {
  if (out !== undefined && out.trim() === '') throw ConfigError.of(option, out, 'a folder path; an empty path would write into the current folder');
  return out;
}

/**
 * The folder a run writes to: `out` if given (created if missing; it must be new or empty),
 * otherwise a fresh folder runs/<timestamp>-<env> under the working directory.
 */
export function prepareRunDirectory(out: string | undefined, envName: string, now = new Date()): string {
  const given = outputPath(out);
  const directory = given ? resolve(given) : resolve('runs', `${now.toISOString().replace(/[:.]/g, '-')}-${envName}`);
  const label = given ?? directory;
  assertFreshFolder(directory, '--out', label, 'run');
  createOutputFolder(directory, '--out', label);
  return directory;
}

/**
 * Writes the run's config.json as its claim on the folder: atomically and only if no other
 * process has claimed it meanwhile (two runs started into one new folder: the second is refused).
 */
export function claimRunDirectory(directory: string, config: unknown, given: string = directory): void {
  if (!createFileExclusive(join(directory, 'config.json'), `${JSON.stringify(config, null, 2)}\n`)) {
    throw ConfigError.of('--out', given, 'a folder no other run writes to; another run started writing into this one');
  }
}
