import { unavailable } from './unavailable';

/** node:worker_threads in the browser: the playground runs its kernels on one thread (backend.params.threads 1). */
export class Worker {
  constructor() {
    unavailable('worker_threads (backend.params.threads > 1, float32 kernels)');
  }
}
