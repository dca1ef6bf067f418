import { DEFAULT_MAX_MEMORY_BYTES, DEFAULT_MAX_STEPS, formatBytes, parseByteSize, parsePositiveCount, type ResourceLimits } from '@mfpg/core';
import type { Command } from 'commander';

export interface LimitOptions {
  readonly maxMemory?: number;
  readonly maxSteps?: number;
}

/** Adds `--max-memory` and `--max-steps` to a command that builds flows (run, resume, sweep, and any new one). */
export function addLimitOptions(command: Command): Command {
  return command
    .option('--max-memory <size>', `refuse a run estimated to need more memory, e.g. 16GiB (default ${formatBytes(DEFAULT_MAX_MEMORY_BYTES)})`, (text) => parseByteSize(text, '--max-memory'))
    .option('--max-steps <n>', `refuse a run of more steps, horizon/dt (default ${DEFAULT_MAX_STEPS.toExponential(0)})`, (text) => parsePositiveCount(text, '--max-steps'));
}

/** The limits the options give (defaults for those not given). */
export function limitsFrom(options: LimitOptions): ResourceLimits {
  return { maxMemoryBytes: options.maxMemory ?? DEFAULT_MAX_MEMORY_BYTES, maxSteps: options.maxSteps ?? DEFAULT_MAX_STEPS };
}
