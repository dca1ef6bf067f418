import { ConfigError, PluginError } from '@mfpg/core';
import { CommanderError } from 'commander';
import { crashDirectoryOf } from '../lifecycle/crash-directory';
import { describeFileSystemError, isFileSystemError, OutputError } from '../output/output-error';
import { ExitCode } from './cli-context';
import { pluginFileOf } from './plugin-files';

/** Set MFPG_DEBUG=1 to see the stack trace of an unexpected error (a bug in mfpg) as well as its message. */
export const DEBUG_VARIABLE = 'MFPG_DEBUG';

/** The first frame of an error's stack, `at Class.method (file:line:col)`, to say where a plugin threw. */
function firstFrame(error: Error): string {
  const frame = (error.stack ?? '').split('\n').find((line) => line.trim().startsWith('at '));
  return frame ? ` (${frame.trim()})` : '';
}

/** Where the rows logged before a plugin failed are, when the run had a folder by then. */
function keptNote(error: unknown): string {
  const directory = crashDirectoryOf(error);
  return directory === undefined ? '' : `mfpg: metrics logged before the error are kept in ${directory}\n`;
}

/**
 * The one place where every command's failure becomes a message and an exit code (the CLI
 * contract): bad input 2, a misbehaving plugin 4 (a PluginError, or any exception thrown from the
 * code of a `--plugin` file), a file-system failure 1 with what and where, anything else 1 as an
 * internal error. No stack trace is printed for anything a user can cause; an internal error shows
 * its stack only with MFPG_DEBUG=1.
 */
export function reportError(error: unknown, write: (text: string) => void = (text) => process.stderr.write(text)): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.ok : ExitCode.badInput;
  if (error instanceof ConfigError) {
    write(`mfpg: bad input\n${error.message.replace(/^/gm, '  ')}\n`);
    return ExitCode.badInput;
  }
  if (error instanceof PluginError) {
    write(`mfpg: ${error.message}\n${keptNote(error)}`);
    return ExitCode.pluginError;
  }
  const plugin = pluginFileOf(error);
  if (plugin !== undefined && error instanceof Error) {
    write(`mfpg: plugin ${plugin}: threw ${error.name}: ${error.message}${firstFrame(error)}\n${keptNote(error)}`);
    return ExitCode.pluginError;
  }
  if (error instanceof OutputError) {
    write(`mfpg: ${error.message}\nmfpg: the files written before are kept; summary.json records the failure when there was room for it\n`);
    return ExitCode.failure;
  }
  if (isFileSystemError(error)) {
    write(`mfpg: ${describeFileSystemError(error)}\n`);
    return ExitCode.failure;
  }
  if (error instanceof RangeError && /Invalid (typed )?array length|Array buffer allocation failed/.test(error.message)) {
    write(`mfpg: out of memory: ${error.message}; reduce particles.count, env.grid or replicas.count (see --max-memory)\n`);
    return ExitCode.failure;
  }
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const debug = process.env[DEBUG_VARIABLE] === '1' && error instanceof Error ? `\n${error.stack}` : `\nmfpg: this is a bug in mfpg; please report it (${DEBUG_VARIABLE}=1 shows where it happened)`;
  write(`mfpg: internal error: ${text}${debug}\n`);
  return ExitCode.failure;
}
