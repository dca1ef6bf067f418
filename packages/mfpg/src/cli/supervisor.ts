import { Worker } from 'node:worker_threads';
import { PARENT_PID_VARIABLE } from '../sweeps/worker-command';
import { DEFAULT_PLUGIN_TIMEOUT_S, HEARTBEAT_MS, type SupervisorMessage, type ThreadData, type ThreadMessage } from './supervisor-protocol';

/** Exit codes the supervisor itself decides (the same contract as main's). */
const INTERRUPTED = 130;
const PLUGIN_ERROR = 4;
const FAILURE = 1;

/** After an interrupt, how long the thread has to say it is stopping before it is stopped by force. */
export const INTERRUPT_ACK_MS = 3000;

/**
 * After the thread reports its exit code, how long it may take to end by itself before it is
 * stopped (loaders and plugins may keep it alive). It is not stopped at once: the thread's stdout
 * and stderr reach this thread on their own channel, and stopping it could drop their last lines.
 */
const EXIT_GRACE_MS = 2000;

/**
 * The worker thread running `script`. Run from the TypeScript sources (`node --import tsx …/bin.ts`,
 * as the tests and sweep workers from sources do), the thread registers the tsx loader first:
 * Node 20 does not carry `--import` loaders into worker threads.
 */
function startThread(script: URL, workerData: ThreadData, stdin: boolean): Worker {
  if (!script.pathname.endsWith('.ts')) return new Worker(script, { workerData, stdin });
  const tsx = import.meta.resolve('tsx/esm/api');
  const source = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(script.href)}); })`;
  return new Worker(source, { eval: true, workerData, stdin });
}

/**
 * Commands that read standard input (`mfpg act` serves a policy line by line). A worker thread sees
 * no stdin unless it is piped in; the others do not get it, so that the supervisor never holds the
 * terminal's input open.
 */
const READS_STDIN = new Set(['act']);

/** `--plugin-timeout S` (or `=S`) from the raw arguments: the main thread must know it even if the thread hangs while parsing. */
export function pluginTimeoutOf(argv: readonly string[]): number {
  for (let i = 0; i < argv.length; i++) {
    const text = argv[i] === '--plugin-timeout' ? argv[i + 1] : argv[i].startsWith('--plugin-timeout=') ? argv[i].slice('--plugin-timeout='.length) : undefined;
    const value = Number(text);
    if (text !== undefined && value > 0 && Number.isFinite(value)) return value;
  }
  return DEFAULT_PLUGIN_TIMEOUT_S;
}

/**
 * Runs the CLI in a worker thread and keeps the main thread free, so that the CLI can always be
 * stopped (docs/reliability.md):
 * - Ctrl-C / SIGTERM are forwarded to the thread, which stops the run cleanly (files completed,
 *   exit 130); if it does not answer within {@link INTERRUPT_ACK_MS} (a plugin looping at import
 *   or in reward()), or on a second Ctrl-C, the thread is terminated and the CLI exits 130.
 * - a thread whose event loop stays blocked longer than `--plugin-timeout` while `--plugin` files
 *   are loaded is terminated and reported as a plugin error (exit 4) naming them.
 * - started by a sweep (MFPG_PARENT_PID), it stops like on SIGTERM once that sweep process is gone,
 *   so a SIGKILLed sweep leaves no worker running.
 */
export function supervise(argv: readonly string[], script: URL): Promise<number> {
  const heartbeat = new SharedArrayBuffer(4);
  const beats = new Int32Array(heartbeat);
  const data: ThreadData = { argv, heartbeat, stderrIsTTY: Boolean(process.stderr.isTTY), columns: process.stderr.columns };
  const readsStdin = READS_STDIN.has(argv[0] ?? '');
  const worker = startThread(script, data, readsStdin);
  if (readsStdin && worker.stdin) process.stdin.pipe(worker.stdin);
  const timeoutMs = pluginTimeoutOf(argv) * 1000;
  const plugins: string[] = [];

  return new Promise<number>((resolveCode) => {
    let result: number | undefined;
    let interrupts = 0;
    let ackTimer: NodeJS.Timeout | undefined;
    let lastBeat = Atomics.load(beats, 0);
    let lastChange = Date.now();

    let graceTimer: NodeJS.Timeout | undefined;
    const finish = (code: number, message?: string) => {
      if (result === undefined) {
        result = code;
        if (message) process.stderr.write(`mfpg: ${message}\n`);
      }
      void worker.terminate();
    };
    /** The thread's own exit code: it ends by itself, or is stopped after EXIT_GRACE_MS. */
    const exited = (code: number) => {
      result ??= code;
      graceTimer ??= setTimeout(() => void worker.terminate(), EXIT_GRACE_MS);
    };
    const interrupt = () => {
      interrupts++;
      if (interrupts > 1) {
        finish(INTERRUPTED, 'interrupted again: stopped at once (files may be incomplete; a checkpoint, if any, is intact)');
        return;
      }
      worker.postMessage({ type: 'interrupt' } satisfies SupervisorMessage);
      ackTimer = setTimeout(() => finish(INTERRUPTED, `the command did not answer the interrupt within ${INTERRUPT_ACK_MS / 1000} s (busy in a plugin?): stopped it`), INTERRUPT_ACK_MS);
    };
    const parentPid = Number(process.env[PARENT_PID_VARIABLE]);
    const watch = setInterval(() => {
      if (parentPid > 0 && process.ppid !== parentPid && interrupts === 0) interrupt();
      const beat = Atomics.load(beats, 0);
      if (beat !== lastBeat) {
        lastBeat = beat;
        lastChange = Date.now();
      } else if (plugins.length > 0 && Date.now() - lastChange > timeoutMs) {
        finish(
          PLUGIN_ERROR,
          `plugin ${plugins.join(', ')}: did not return within ${timeoutMs / 1000} s (the CLI was busy without a break that long); stopped it. Raise the limit with --plugin-timeout SECONDS if it is just slow`,
        );
      }
    }, Math.max(HEARTBEAT_MS, 250));

    process.on('SIGINT', interrupt);
    process.on('SIGTERM', interrupt);
    worker.on('message', (message: ThreadMessage) => {
      if (message.type === 'exit') exited(message.code);
      else if (message.type === 'interrupting') clearTimeout(ackTimer);
      else if (message.type === 'stop-now') finish(INTERRUPTED, 'interrupted');
      else if (message.type === 'plugin') {
        plugins.push(message.file);
        lastChange = Date.now();
      }
    });
    worker.on('error', (error) => finish(FAILURE, `internal error: ${error.name}: ${error.message}`));
    worker.on('exit', () => {
      if (readsStdin) {
        process.stdin.unpipe();
        process.stdin.destroy();
      }
      clearInterval(watch);
      clearTimeout(ackTimer);
      clearTimeout(graceTimer);
      process.off('SIGINT', interrupt);
      process.off('SIGTERM', interrupt);
      resolveCode(result ?? FAILURE);
    });
  });
}
