/**
 * Runs `body` with an AbortSignal that Ctrl-C (SIGINT) and SIGTERM trip, so a run, a resume or a
 * sweep can stop cleanly, keep what it logged and exit 130; the handlers are removed afterwards.
 */
export async function withInterruption<T>(body: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    return await body(controller.signal);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
