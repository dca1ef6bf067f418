import { ConfigError, DEFAULT_MAX_MEMORY_BYTES, DEFAULT_MAX_STEPS, formatBytes, parseByteSize, parsePositiveCount, type ResourceLimits } from '@mfpg/core';
import type { Command } from 'commander';
import { DEFAULT_PLUGIN_TIMEOUT_S } from './supervisor-protocol';

export interface LimitOptions {
  readonly maxMemory?: number;
  readonly maxSteps?: number;
}

/** Adds `--max-memory` and `--max-steps` to a command that builds flows (run, resume, sweep, and any new one). */
export function addLimitOptions(command: Command): Command {
  return addPluginTimeoutOption(command)
    .option('--max-memory <size>', `refuse a run estimated to need more memory, e.g. 16GiB (default ${formatBytes(DEFAULT_MAX_MEMORY_BYTES)})`, (text) => parseByteSize(text, '--max-memory'))
    .option('--max-steps <n>', `refuse a run of more steps, horizon/dt (default ${DEFAULT_MAX_STEPS.toExponential(0)})`, (text) => parsePositiveCount(text, '--max-steps'));
}

/**
 * Adds `--plugin-timeout <seconds>` to a command that loads `--plugin` files. The supervisor
 * (supervisor.ts) reads it from the raw arguments and enforces it; here it is only validated.
 */
export function addPluginTimeoutOption(command: Command): Command {
  return command.option('--plugin-timeout <seconds>', `stop a plugin that keeps mfpg busy this long without a break (default ${DEFAULT_PLUGIN_TIMEOUT_S})`, (text) => {
    const seconds = Number(text);
    if (!(seconds > 0 && Number.isFinite(seconds))) throw ConfigError.of('--plugin-timeout', text, 'a number of seconds > 0');
    return seconds;
  });
}

/** The limits the options give (defaults for those not given). */
export function limitsFrom(options: LimitOptions): ResourceLimits {
  return { maxMemoryBytes: options.maxMemory ?? DEFAULT_MAX_MEMORY_BYTES, maxSteps: options.maxSteps ?? DEFAULT_MAX_STEPS };
}
