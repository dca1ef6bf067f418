/** Exit codes of the CLI contract (docs/architecture.md). */
/** pluginError: a plugin misbehaved at run time (PluginError) or `mfpg check-env` found a failing check. */
export const ExitCode = { ok: 0, failure: 1, badInput: 2, diverged: 3, pluginError: 4, interrupted: 130 } as const;

/** What every command gets besides the program: a way to set the process's exit code. */
export interface CliContext {
  setExitCode(code: number): void;
}

/** Commander helper for repeatable options. */
export const collect = (value: string, previous: string[]): string[] => [...previous, value];
