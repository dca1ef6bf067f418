import { ConfigError } from '@mfpg/core';

/** The environment variable a queue URL may come from instead of the command line (keeps a password out of process lists). */
export const QUEUE_VARIABLE = 'MFPG_QUEUE';

/**
 * The URL of `--queue [url]`: the value given, or $MFPG_QUEUE for a bare `--queue`; undefined
 * without the option. A bare `--queue` without the variable is bad input (exit 2).
 */
export function queueUrl(option: string | boolean | undefined): string | undefined {
  if (option === undefined || option === false) return undefined;
  if (typeof option === 'string') return option;
  const url = process.env[QUEUE_VARIABLE];
  if (!url) throw ConfigError.of('--queue', '(no URL)', `the URL of the queue's Redis, e.g. --queue redis://127.0.0.1:6379, or a bare --queue with $${QUEUE_VARIABLE} set`);
  return url;
}
