/** Messages from the supervisor (main thread) to the CLI's worker thread. */
export type SupervisorMessage = { readonly type: 'interrupt' };

/**
 * Messages from the worker thread: the command's exit code; that an interrupt is being handled
 * (`interrupting`) or that nothing can be interrupted gracefully (`stop-now`); a `--plugin` file
 * about to be imported (so a hang is blamed on it).
 */
export type ThreadMessage =
  | { readonly type: 'exit'; readonly code: number }
  | { readonly type: 'interrupting' }
  | { readonly type: 'stop-now' }
  | { readonly type: 'plugin'; readonly file: string };

/** What the supervisor hands the worker thread. */
export interface ThreadData {
  readonly argv: readonly string[];
  /** Int32Array over it: [0] a heartbeat the thread's event loop increments while it is free. */
  readonly heartbeat: SharedArrayBuffer;
  /** The terminal the progress bar draws on, as the main thread sees it. */
  readonly stderrIsTTY: boolean;
  readonly columns?: number;
}

/** How often the worker thread's event loop beats (ms). */
export const HEARTBEAT_MS = 100;

/** Default of --plugin-timeout (s): how long a plugin may keep the CLI busy without a break. */
export const DEFAULT_PLUGIN_TIMEOUT_S = 120;
