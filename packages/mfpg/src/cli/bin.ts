import { isMainThread } from 'node:worker_threads';

// The same module is the main thread (a small supervisor that keeps signals working) and the
// worker thread running the CLI itself (see supervisor.ts).
if (isMainThread) {
  const { supervise } = await import('./supervisor');
  process.exitCode = await supervise(process.argv.slice(2), new URL(import.meta.url));
} else {
  const { runCliThread } = await import('./cli-thread');
  await runCliThread();
}
