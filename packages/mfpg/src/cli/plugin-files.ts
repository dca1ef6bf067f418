import { pathToFileURL } from 'node:url';

/** The `--plugin` files this process loaded: absolute path → the path as the user gave it. */
const loaded = new Map<string, string>();

/** Records a loaded plugin file, so an exception thrown from its code can be reported as its own. */
export function rememberPluginFile(given: string, path: string): void {
  loaded.set(path, given);
}

/**
 * The `--plugin` file (as given) whose code threw `error`, found in the error's stack (the
 * innermost plugin frame wins), or undefined when no plugin code is on it. A plugin's module
 * `load()`, constructor or method that throws is then a PluginError naming the file, not a crash.
 */
export function pluginFileOf(error: unknown): string | undefined {
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  let best: { at: number; given: string } | undefined;
  for (const [path, given] of loaded) {
    for (const form of [path, pathToFileURL(path).href]) {
      const at = stack.indexOf(form);
      if (at >= 0 && (best === undefined || at < best.at)) best = { at, given };
    }
  }
  return best?.given;
}
