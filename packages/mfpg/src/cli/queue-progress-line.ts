import type { QueueProgress } from '../queue/queued-sweep';

/**
 * The live progress of a queued sweep or study: one line on `stream` each time the counts change
 * (a line per change rather than a redrawn bar, so it reads the same in a log file).
 */
export function queueProgressLine(prefix: string, stream: NodeJS.WritableStream): (progress: QueueProgress) => void {
  let last = '';
  return (progress) => {
    const line = `${prefix}: ${progress.done}/${progress.total} done, ${progress.running} running, ${progress.waiting} waiting, ${progress.failed} failed, ${progress.retried} retried${progress.problem ? ` (${progress.problem}; retrying)` : ''}`;
    if (line === last) return;
    last = line;
    stream.write(`${line}\n`);
  };
}
