import { parentPort } from 'node:worker_threads';
import type { SupervisorMessage, ThreadMessage } from './supervisor-protocol';

const handlers = new Set<() => void>();

/**
 * In the CLI's worker thread (see supervisor.ts) signals reach the main thread only, which forwards
 * them as messages. An interrupt arriving while no command is interruptible (config checks, plugin
 * imports) ends the command at once: the supervisor stops the thread and exits 130.
 */
parentPort?.on('message', (message: SupervisorMessage) => {
  if (message.type !== 'interrupt') return;
  parentPort?.postMessage({ type: handlers.size > 0 ? 'interrupting' : 'stop-now' } satisfies ThreadMessage);
  for (const handler of handlers) handler();
});

/**
 * Runs `body` with an AbortSignal that Ctrl-C (SIGINT) and SIGTERM trip, so a run, a resume or a
 * sweep can stop cleanly, keep what it logged and exit 130; the handlers are removed afterwards.
 * Works in the main thread (signals) and in the CLI's worker thread (the supervisor's messages).
 */
export async function withInterruption<T>(body: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  handlers.add(stop);
  try {
    return await body(controller.signal);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    handlers.delete(stop);
  }
}
