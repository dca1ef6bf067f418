/**
 * The browser build replaces the Node built-ins the packages import (vite.config.ts) with these
 * modules: the playground never takes the paths that need them (files, worker threads, PNG plots),
 * and one that is taken anyway fails with this message instead of a blank page.
 */
export function unavailable(what: string): never {
  throw new Error(`${what} is not available in the browser playground (it needs Node.js: use the mfpg command line)`);
}
