/** Where the page shows an error the worker caught: beside the editor when the edited environment is to blame. */
import { ConfigError, DivergenceError, PluginError } from '@mfpg/core';
import { EnvironmentCodeError } from './custom-environment';
import type { Report } from './protocol';

/** The error report for `error`; `editedCode`: whether the run's environment is the page's edited code. */
export function describeError(error: unknown, editedCode: boolean): Report {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof EnvironmentCodeError) return { type: 'error', where: 'environment', message };
  if (error instanceof ConfigError) {
    const aboutEnvironment = editedCode && error.issues.some((issue) => issue.field.startsWith('env'));
    return { type: 'error', where: aboutEnvironment ? 'environment' : 'config', message };
  }
  if (error instanceof DivergenceError || !editedCode) return { type: 'error', where: 'run', message };
  // With an edited environment, anything else (a PluginError naming it, a TypeError in its code) is the code's.
  return { type: 'error', where: 'environment', message: error instanceof PluginError ? message : `${error instanceof Error ? error.name : 'Error'}: ${message}` };
}
