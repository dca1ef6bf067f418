import { pathToFileURL } from 'node:url';
import { parentPort } from 'node:worker_threads';
import type { ThreadMessage } from './supervisor-protocol';

/** The `--plugin` files this process loaded: absolute path → the path as the user gave it. */
const loaded = new Map<string, string>();

/**
 * Records a plugin file about to be loaded, so an exception thrown from its code is reported as
 * its own, and tells the supervisor (a hang from now on may be the plugin's).
 */
export function rememberPluginFile(given: string, path: string): void {
  loaded.set(path, given);
  parentPort?.postMessage({ type: 'plugin', file: given } satisfies ThreadMessage);
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
