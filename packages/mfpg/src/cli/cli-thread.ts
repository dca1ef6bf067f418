import { parentPort, workerData } from 'node:worker_threads';
import { main } from './main';
import { HEARTBEAT_MS, type ThreadData, type ThreadMessage } from './supervisor-protocol';

/**
 * The CLI inside the supervisor's worker thread: mirrors the terminal the main thread has (so the
 * progress bar draws as before), beats a heartbeat while its event loop is free (a plugin stuck in
 * a loop stops it), runs `main` and posts the exit code.
 */
export async function runCliThread(): Promise<void> {
  const data = workerData as ThreadData;
  Object.assign(process.stderr, { isTTY: data.stderrIsTTY, columns: data.columns });
  const beats = new Int32Array(data.heartbeat);
  const beat = setInterval(() => Atomics.add(beats, 0, 1), HEARTBEAT_MS);
  beat.unref();
  const code = await main(data.argv);
  clearInterval(beat);
  // Everything written must have reached the main thread's side before the exit code is reported.
  await Promise.all([process.stdout, process.stderr].map((stream) => new Promise<void>((resolveWrite) => stream.write('', () => resolveWrite()))));
  parentPort?.postMessage({ type: 'exit', code } satisfies ThreadMessage);
  // Nothing more to hear from the supervisor: the thread may now end by itself, which delivers the
  // last of its stdout and stderr (the supervisor stops it only if something else keeps it alive).
  parentPort?.unref();
}
