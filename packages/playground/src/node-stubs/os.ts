/**
 * node:os in the browser: one core, because the packages' parallel paths (backend-cpu `threads:
 * auto`, the sliced-W2 pool) use worker_threads, which browsers lack; the page runs the whole flow
 * in one Web Worker instead.
 */
export function availableParallelism(): number {
  return 1;
}
