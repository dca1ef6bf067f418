import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';
import { CONTROL, dataLayout, OP, runShare } from './shared-kernels';

/**
 * The worker's whole program, as source: it needs no module resolution, so it runs the same from
 * the built dist and from TypeScript sources under vitest (`new Worker(source, { eval: true })`).
 * It sleeps on control[generation] (Atomics.wait), runs its share of the op, decrements
 * control[pending] and wakes the main thread when it is the last. A grown data buffer arrives on
 * its port before the generation that first uses it.
 */
const WORKER_SOURCE = `
const { workerData, receiveMessageOnPort } = require('node:worker_threads');
// Bundlers that keep function names (tsup with swc) wrap functions in __name(fn, 'name').
const __name = (target) => target;
const runShare = (${runShare.toString()});
const control = new Int32Array(workerData.control);
let data = new Float64Array(workerData.data);
const scratch = {};
let seen = 0;
Atomics.add(control, ${CONTROL.ready}, 1);
Atomics.notify(control, ${CONTROL.ready});
for (;;) {
  Atomics.wait(control, ${CONTROL.generation}, seen);
  seen = Atomics.load(control, ${CONTROL.generation});
  for (let message = receiveMessageOnPort(workerData.port); message; message = receiveMessageOnPort(workerData.port)) {
    data = new Float64Array(message.message);
  }
  if (control[${CONTROL.op}] === ${OP.stop}) break;
  try {
    runShare(control, data, workerData.share, scratch);
  } catch (error) {
    Atomics.store(control, ${CONTROL.failed}, 1);
  }
  if (Atomics.sub(control, ${CONTROL.pending}, 1) === 1) Atomics.notify(control, ${CONTROL.pending});
}
`;

/** How long the first kernel call waits for the workers to start. */
const STARTUP_MS = 20_000;

/**
 * T threads over SharedArrayBuffer: the main thread runs share 0 and T − 1 workers the others;
 * `run` returns when all are done (the main thread blocks in Atomics.wait, so kernels stay
 * synchronous). Workers are unref'd: an idle pool never keeps the process alive.
 */
export class WorkerPool {
  readonly control = new Int32Array(new SharedArrayBuffer(CONTROL.length * 4));
  /** Inputs and outputs of one op (layout: shared-kernels.ts); grows, never shrinks. */
  data = new Float64Array(new SharedArrayBuffer(8 * 1024));
  private readonly workers: Worker[] = [];
  private readonly ports: MessagePort[] = [];
  private readonly scratch: Record<string, Float64Array> = {};

  constructor(readonly threads: number) {
    for (let share = 1; share < threads; share++) {
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { control: this.control.buffer, data: this.data.buffer, share, port: port2 },
        transferList: [port2],
      });
      worker.unref();
      port1.unref();
      this.workers.push(worker);
      this.ports.push(port1);
    }
  }

  /** Makes `data` hold the op now described by `control` (call after setting its sizes). */
  reserve(): Float64Array {
    const needed = dataLayout(this.control).length;
    if (this.data.length < needed) {
      this.data = new Float64Array(new SharedArrayBuffer(8 * Math.max(needed, 2 * this.data.length)));
      for (const port of this.ports) port.postMessage(this.data.buffer);
    }
    return this.data;
  }

  /** Runs the op in `control` on every thread and waits for all. */
  run(): void {
    const control = this.control;
    this.awaitWorkers();
    control[CONTROL.threads] = this.threads;
    Atomics.store(control, CONTROL.pending, this.threads - 1);
    Atomics.add(control, CONTROL.generation, 1);
    Atomics.notify(control, CONTROL.generation);
    runShare(control, this.data, 0, this.scratch);
    for (let left = Atomics.load(control, CONTROL.pending); left !== 0; left = Atomics.load(control, CONTROL.pending)) {
      Atomics.wait(control, CONTROL.pending, left);
    }
    if (Atomics.load(control, CONTROL.failed) !== 0) throw new Error('CpuBackend: a worker thread failed in a kernel');
  }

  /** Blocks until every worker has started (at most STARTUP_MS), so a broken worker cannot hang `run`. */
  private awaitWorkers(): void {
    const control = this.control;
    const deadline = performance.now() + STARTUP_MS;
    for (let ready = Atomics.load(control, CONTROL.ready); ready < this.threads - 1; ready = Atomics.load(control, CONTROL.ready)) {
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`CpuBackend: ${this.threads - 1 - ready} worker thread(s) did not start within ${STARTUP_MS} ms`);
      Atomics.wait(control, CONTROL.ready, ready, left);
    }
  }

  /** Stops the workers. */
  async dispose(): Promise<void> {
    this.control[CONTROL.op] = OP.stop;
    Atomics.add(this.control, CONTROL.generation, 1);
    Atomics.notify(this.control, CONTROL.generation);
    await Promise.all(this.workers.map((worker) => worker.terminate()));
    this.workers.length = 0;
  }
}
