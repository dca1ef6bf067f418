/**
 * The run folder an error stopped, remembered so that the CLI's report can say where the rows logged
 * before it are, and say nothing of a folder when the error came before one existed (a plugin that
 * throws while the flow is built, `check-env`).
 */
const directories = new WeakMap<object, string>();

export function rememberCrashDirectory(error: unknown, directory: string): void {
  if (typeof error === 'object' && error !== null) directories.set(error, directory);
}

export function crashDirectoryOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null ? directories.get(error) : undefined;
}
