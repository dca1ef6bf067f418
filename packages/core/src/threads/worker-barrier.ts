/**
 * The two waits of a fork–join worker pool over a shared Int32Array (backend-cpu's WorkerPool,
 * monitor's SlicePool): the main thread blocks in Atomics.wait, so kernels stay synchronous.
 */

/**
 * Blocks until control[readySlot] reaches `workers` (each worker adds 1 once started), at most
 * `timeoutMs`: a worker that cannot start is an error naming `what`, never a hang.
 */
export function awaitWorkersReady(control: Int32Array, readySlot: number, workers: number, timeoutMs: number, what: string): void {
  const deadline = performance.now() + timeoutMs;
  for (let ready = Atomics.load(control, readySlot); ready < workers; ready = Atomics.load(control, readySlot)) {
    const left = deadline - performance.now();
    if (left <= 0) throw new Error(`${what}: ${workers - ready} worker thread(s) did not start within ${timeoutMs} ms`);
    Atomics.wait(control, readySlot, ready, left);
  }
}

/** Blocks until control[pendingSlot] is 0 (each worker subtracts 1 when its share is done). */
export function awaitPending(control: Int32Array, pendingSlot: number): void {
  for (let left = Atomics.load(control, pendingSlot); left !== 0; left = Atomics.load(control, pendingSlot)) {
    Atomics.wait(control, pendingSlot, left);
  }
}
