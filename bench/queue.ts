// npx tsx bench/queue.ts [--url redis://127.0.0.1:6379/0] [--jobs 300] [--configs 16] [--steps 2000] [--rounds 2]
// The queue's cost and scaling (docs/experiments.md "Sweeps on a queue"), reported, never asserted:
// 1. overhead per job: `--jobs` jobs that do nothing, added at once and run by one worker in this
//    process (throughput), and one at a time, each awaited before the next (round-trip latency);
// 2. scaling: a `--configs`-configuration sweep (the 12×12 B3 problem, N = 60, `--steps` steps each,
//    one backend thread per flow and the jsonl sink only: the flows, not the plots' PNG rendering
//    or the backend's threads, are what two worker processes share out)
//    by one `mfpg worker` process and by two, alternately, `--rounds` times each (the others' load
//    drifts); the ratio of the best times (target ≤ 0.6 on 2 cores). Worker start-up (tsx compiling the
//    sources) is outside the timed part.
// Needs a Redis server at --url (redis-server --port 6379 --save '' --appendonly no).
import 'reflect-metadata';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import packageJson from '../packages/mfpg/package.json';
import { connectionOptions, connectRedis } from '../packages/mfpg/src/queue/queue-connection';
import { runQueuedSweep } from '../packages/mfpg/src/queue/queued-sweep';
import { runQueueWorker } from '../packages/mfpg/src/queue/queue-worker';
import { parseGridAxis } from '../packages/mfpg/src/sweeps/grid-axis';

const option = (name: string, fallback: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : fallback;
};
const url = option('url', 'redis://127.0.0.1:6379/0');
const jobs = Number(option('jobs', '300'));
const configs = Number(option('configs', '16'));
const steps = Number(option('steps', '2000'));
const rounds = Number(option('rounds', '2'));
const location = await connectRedis(url);
const connection = connectionOptions(location);
const noop = { kind: 'noop', mfpg: packageJson.version };

// 1. Overhead per job, with a worker in this process.
{
  const name = `bench-noop-${process.pid}`;
  const queue = new Queue(name, { connection });
  const events = new QueueEvents(name, { connection });
  await events.waitUntilReady();
  const stop = new AbortController();
  const worker = runQueueWorker({ location, queueName: name, signal: stop.signal, log: () => undefined });
  // Warm-up: the worker's connections and the Lua scripts loaded.
  await (await queue.add('noop', noop)).waitUntilFinished(events);

  let start = performance.now();
  await queue.addBulk(Array.from({ length: jobs }, () => ({ name: 'noop', data: noop })));
  while ((await queue.getJobCounts('completed')).completed < jobs + 1) await new Promise((done) => setTimeout(done, 5));
  const throughputMs = (performance.now() - start) / jobs;

  const rounds = Math.min(jobs, 100);
  start = performance.now();
  for (let k = 0; k < rounds; k++) await (await queue.add('noop', noop)).waitUntilFinished(events);
  const latencyMs = (performance.now() - start) / rounds;
  console.log(`overhead per do-nothing job: ${throughputMs.toFixed(2)} ms at throughput (${jobs} jobs at once), ${latencyMs.toFixed(2)} ms round trip (add → run → completion seen, ${rounds} jobs one at a time); target ≤ 50 ms`);
  stop.abort();
  await worker;
  await events.close();
  await queue.obliterate({ force: true });
  await queue.close();
}

// 2. Scaling: one worker process, then two, on the same sweep.
const cli = [process.execPath, '--import', 'tsx', resolve(import.meta.dirname, '../packages/mfpg/src/cli/bin.ts')];
function startWorkers(count: number, name: string): Promise<ChildProcess[]> {
  return Promise.all(
    Array.from({ length: count }, () => {
      const child = spawn(cli[0], [...cli.slice(1), 'worker', '--queue-name', name], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, MFPG_QUEUE: url } });
      return new Promise<ChildProcess>((ready) => child.stderr?.on('data', (chunk: Buffer) => chunk.toString().includes('waiting for jobs') && ready(child)));
    }),
  );
}

const input = {
  env: { grid: { states: 12, actions: 12 } },
  particles: { count: 60 },
  flow: { horizon: steps * 0.05 },
  monitor: { every: 10, sinks: { plots: false } },
  backend: { name: 'cpu', params: { threads: 1 } },
};
const seconds: Record<number, number[]> = { 1: [], 2: [] };
for (const [round, count] of Array.from({ length: rounds }, () => [1, 2]).flat().entries()) {
  const name = `bench-sweep-${process.pid}-${round}`;
  const workers = await startWorkers(count, name);
  const start = performance.now();
  const { results } = await runQueuedSweep({ input, axes: [parseGridAxis(`seed=1..${configs}`)], queue: url, queueName: name, out: join(mkdtempSync(join(tmpdir(), 'mfpg-bench-')), 'sweep'), pollMs: 50 });
  seconds[count].push((performance.now() - start) / 1000);
  for (const worker of workers) worker.kill('SIGTERM');
  const completed = results.filter((row) => row.status === 'completed').length;
  console.log(`${configs}-configuration sweep (${steps} steps, N = 60), ${count} worker${count > 1 ? 's' : ''}: ${seconds[count].at(-1)!.toFixed(2)} s (${completed} completed; load average ${loadavg()[0].toFixed(2)})`);
  const queue = new Queue(name, { connection });
  await queue.obliterate({ force: true });
  await queue.close();
}
const best = (count: number) => Math.min(...seconds[count]);
console.log(`two workers / one worker (best of ${rounds} each): ${(best(2) / best(1)).toFixed(3)} (target ≤ 0.6); ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
process.exit(0);
