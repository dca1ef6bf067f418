import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import packageJson from '../packages/mfpg/package.json';
import { experiments } from '../packages/mfpg/src/experiments/experiment-registry';
import { ConfigError } from '@mfpg/core';
import { connectionOptions, connectRedis } from '../packages/mfpg/src/queue/queue-connection';
import { runQueuedSweep } from '../packages/mfpg/src/queue/queued-sweep';
import { runQueueWorker } from '../packages/mfpg/src/queue/queue-worker';
import type { RunJobResult } from '../packages/mfpg/src/queue/queue-job';
import { fileText } from '../packages/mfpg/src/queue/run-folder-files';
import { parseGridAxis } from '../packages/mfpg/src/sweeps/grid-axis';
import { parseRedisUrl } from '../packages/mfpg/src/queue/redis-url';
import { runExperiment } from '../packages/mfpg/src/run-experiment';
import { freshDirectory, runCli } from './helpers';

/**
 * Sweeps and studies on a real Redis (`.ci/run` starts redis-server and sets MFPG_TEST_REDIS_URL).
 * Without it the tests are skipped locally, and fail on CI (CI=true), where Redis must be there.
 */
const redisUrl = process.env.MFPG_TEST_REDIS_URL;
const repository = resolve(__dirname, '..');
const cli = [process.execPath, '--import', 'tsx', join(repository, 'packages/mfpg/src/cli/bin.ts')];
const queueName = `test-${process.pid}-${Date.now()}`;

// A 12×12 B3 problem, 30 particles, 500 steps (≈ 1 ms each on an idle core, 10 ms on a loaded
// one) with checkpoints every 50, so that a worker can be killed mid-run after a checkpoint however
// fast the machine. σ = 40 diverges at step 4 (Euler–Maruyama factor 1 − dt·σ²/2 = −39).
const base = { env: { grid: { states: 12, actions: 12 } }, flow: { horizon: 25 }, particles: { count: 30 }, monitor: { every: 5 } };
const grid = ['--grid', 'regularization.sigma=0.5,40', '--grid', 'seed=0..2'];

interface WorkerProcess {
  readonly child: ChildProcess;
  log: string;
}

function startWorker(): WorkerProcess {
  // A lost worker is noticed within ~lockDuration + 2 stalled checks: about 2.5 s here (30 s by default).
  const child = spawn(cli[0], [...cli.slice(1), 'worker', '--queue', redisUrl as string, '--queue-name', queueName, '--lock-duration', '1500', '--stalled-interval', '500'], {
    cwd: repository,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const worker: WorkerProcess = { child, log: '' };
  child.stdout?.on('data', (chunk: Buffer) => (worker.log += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (worker.log += chunk.toString()));
  return worker;
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

function readCsv(path: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const keys = header.split(',');
  const cells = (line: string) => [...line.matchAll(/(?:^|,)(?:"((?:[^"]|"")*)"|([^,]*))/g)].map((match) => match[1]?.replace(/""/g, '"') ?? match[2]);
  return lines.map((line) => Object.fromEntries(cells(line).map((cell, i) => [keys[i], cell])));
}

describe('queue bad input (no Redis needed)', () => {
  it('exits 2 within seconds on an unreachable Redis, naming the URL with its password masked, before writing anything', async () => {
    const out = join(freshDirectory(), 'never');
    const started = Date.now();
    const result = await runCli(['sweep', '--grid', 'seed=0..1', '--queue', 'redis://alice:hunter2@127.0.0.1:1/0', '--out', out]);
    expect(result.code).toBe(2);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(result.stderr).toContain('redis://alice:***@127.0.0.1:1/0');
    expect(result.stderr).toMatch(/reachable Redis server/);
    expect(result.stderr + result.stdout).not.toContain('hunter2');
    expect(existsSync(out)).toBe(false);
    for (const args of [
      ['worker', '--queue', 'redis://:hunter2@127.0.0.1:1'],
      ['worker', '--queue', 'http://:hunter2@127.0.0.1:1'],
      ['experiment', 'monotonicity', '--budget', 'tiny', '--queue', 'redis://:hunter2@127.0.0.1:1', '--out', out],
      ['worker', '--queue', 'redis://127.0.0.1:6379', '--queue-name', 'a:b'],
      ['worker', '--queue', 'redis://127.0.0.1:6379', '--concurrency', '0'],
    ]) {
      const refused = await runCli(args);
      expect(refused.code, args.join(' ')).toBe(2);
      expect(refused.stderr).not.toContain('hunter2');
    }
    expect(existsSync(out)).toBe(false);
    // A replica run is not one flow: refused before connecting.
    const replicas = await runCli(['sweep', '--grid', 'replicas.count=1,2', '--queue', 'redis://127.0.0.1:1', '--out', out]);
    expect(replicas.code).toBe(2);
    expect(replicas.stderr).toMatch(/replicas\.count.*a queued sweep runs one flow per job/s);
    // A bare --queue takes the URL from $MFPG_QUEUE (off the command line).
    const saved = process.env.MFPG_QUEUE;
    try {
      delete process.env.MFPG_QUEUE;
      const unset = await runCli(['sweep', '--grid', 'seed=0..1', '--queue', '--out', out]);
      expect(unset.code).toBe(2);
      expect(unset.stderr).toContain('MFPG_QUEUE');
      process.env.MFPG_QUEUE = 'redis://:hunter2@127.0.0.1:1/0';
      const fromEnvironment = await runCli(['sweep', '--grid', 'seed=0..1', '--queue', '--out', out]);
      expect(fromEnvironment.code).toBe(2);
      expect(fromEnvironment.stderr).toContain('redis://:***@127.0.0.1:1/0');
      expect(fromEnvironment.stderr).not.toContain('hunter2');
    } finally {
      if (saved === undefined) delete process.env.MFPG_QUEUE;
      else process.env.MFPG_QUEUE = saved;
    }
    const missing = await runCli(['worker']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('MFPG_QUEUE');
  });
});

describe.runIf(!redisUrl && process.env.CI)('queue tests on CI', () => {
  it('have a Redis server', () => {
    expect.fail('MFPG_TEST_REDIS_URL is not set: .ci/run starts redis-server on loopback and exports it');
  });
});

describe.runIf(redisUrl)('queued sweeps and studies (BullMQ on a real Redis)', () => {
  const workers: WorkerProcess[] = [];
  let queue: Queue;

  beforeAll(async () => {
    queue = new Queue(queueName, { connection: connectionOptions(parseRedisUrl(redisUrl as string)) });
    workers.push(startWorker(), startWorker());
    // Each worker compiles the sources with tsx first (a few seconds on a loaded machine).
    await until(() => workers.every((worker) => worker.log.includes('waiting for jobs')), 40_000, 'two workers');
  }, 60_000);

  afterAll(async () => {
    for (const worker of workers) worker.child.kill('SIGKILL');
    await queue?.obliterate({ force: true });
    await queue?.close();
  });

  it('runs a sweep on two workers, one SIGKILLed mid-job, each configuration once; resumes; worker runs equal local runs', { timeout: 90_000 }, async () => {
    const out = join(freshDirectory(), 'sweep');
    const config = join(freshDirectory(), 'base.json');
    writeFileSync(config, JSON.stringify(base));
    const args = ['sweep', config, ...grid, '--checkpoint-every', '50', '--queue', redisUrl as string, '--queue-name', queueName, '--out', out];
    // A first coordinator, stopped (Ctrl-C) after its first result: the jobs go on without it.
    const stopFirst = new AbortController();
    const first = runQueuedSweep({
      input: base,
      axes: grid.filter((_, i) => i % 2 === 1).map(parseGridAxis),
      checkpointEvery: 50,
      queue: redisUrl as string,
      queueName,
      out,
      signal: stopFirst.signal,
      onResult: () => stopFirst.abort(),
    });

    // Kill the first worker as soon as it runs a job that has shared a checkpoint.
    const [victim, survivor] = workers;
    let killedJob = '';
    await until(async () => {
      for (const job of await queue.getJobs(['active'])) {
        const data = job.data as { checkpoint?: { step: number } };
        if ((data.checkpoint?.step ?? 0) >= 50 && victim.log.includes(`${job.id}: started`) && !victim.log.includes(`${job.id}: done`)) {
          killedJob = job.id as string;
          return true;
        }
      }
      return false;
    }, 40_000, 'a job of the first worker to checkpoint');
    victim.child.kill('SIGKILL');
    const stopped = await first;
    expect(stopped.results.length).toBeLessThan(6);

    // The coordinator started again (the CLI) finds its jobs, finished or not, and collects them all.
    const result = await runCli(args);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('sweep of 6 configurations: 3 completed, 3 diverged, 0 failed');
    // The live progress saw the retried job.
    expect(result.stderr).toMatch(/\d\/6 done, \d running, \d waiting, 0 failed, 1 retried/);
    expect(result.stderr.match(/\[\d\/6\]/g)).toHaveLength(6);
    const rows = readCsv(join(out, 'results.csv'));
    expect(rows.map((row) => row.id)).toEqual(['0-sigma=0.5-seed=0', '1-sigma=0.5-seed=1', '2-sigma=0.5-seed=2', '3-sigma=40-seed=0', '4-sigma=40-seed=1', '5-sigma=40-seed=2']);
    expect(rows.map((row) => row.status)).toEqual(['completed', 'completed', 'completed', 'diverged', 'diverged', 'diverged']);
    expect(rows[3].error).toContain('diverged at step 4');

    // The killed job was taken over by the other worker, from the checkpoint shared through the queue.
    const id = killedJob.replace(/^sweep-[0-9a-f]+-/, '');
    expect(survivor.log).toContain(`${killedJob}: continuing from step`);
    expect(readFileSync(join(out, 'logs', `${id}.log`), 'utf8')).toMatch(/resumed at step \d+ from the checkpoint shared by an earlier attempt/);

    // Determinism across machines: the resumed job and an uninterrupted one equal a local `mfpg run`, byte for byte.
    for (const row of [rows.find((r) => r.id === id)!, rows.find((r) => r.id !== id && r.status === 'completed')!]) {
      const local = await runExperiment(base, { overrides: [`regularization.sigma=${row['regularization.sigma']}`, `seed=${row.seed}`], out: join(freshDirectory(), 'local') });
      expect(readFileSync(join(out, 'runs', row.id, 'metrics.jsonl'), 'utf8')).toBe(readFileSync(join(local.directory, 'metrics.jsonl'), 'utf8'));
      expect(readFileSync(join(out, 'runs', row.id, 'config.json'), 'utf8')).toBe(readFileSync(join(local.directory, 'config.json'), 'utf8'));
      // The layout of a local run (plots included), particles.json only on request.
      expect(readdirSync(join(out, 'runs', row.id)).sort()).toEqual(readdirSync(local.directory).filter((name) => name !== 'particles.json').sort());
    }
    expect(existsSync(join(out, 'plots', 'final-objective.svg'))).toBe(true);

    // Started again: nothing is re-run, nothing is left in the queue.
    const started = survivor.log.split(': started').length;
    const again = await runCli(args);
    expect(again.code).toBe(0);
    expect(again.stderr.match(/\[\d\/6\]/g)).toHaveLength(6);
    expect(survivor.log.split(': started').length).toBe(started);
    expect(await queue.getJobCounts('wait', 'active', 'completed', 'failed')).toEqual({ wait: 0, active: 0, completed: 0, failed: 0 });
  });

  it('fails a bad payload, a bad config and a job of another mfpg version, and the worker carries on', { timeout: 30_000 }, async () => {
    const good = { kind: 'run', mfpg: packageJson.version, id: 'x', input: base, overrides: [], particles: false };
    const jobs = await Promise.all([
      queue.add('run', { ...good, mfpg: '0.0.0-other' }),
      queue.add('run', { ...good, overrides: ['regularization.sigma=-1'] }),
      queue.add('run', { ...good, overrides: 'regularization.sigma=1' }),
      queue.add('run', { kind: 'format-c:', mfpg: packageJson.version }),
      queue.add('run', { ...good, overrides: ['replicas.count=2'] }),
      queue.add('noop', { kind: 'noop', mfpg: packageJson.version }),
    ]);
    await until(async () => (await Promise.all(jobs.map((job) => job.getState()))).every((state) => state === 'completed' || state === 'failed'), 20_000, 'the jobs');
    const finished = await Promise.all(jobs.map((job) => queue.getJob(job.id as string)));
    expect(await Promise.all(finished.map((job) => job!.getState()))).toEqual(['failed', 'failed', 'failed', 'failed', 'failed', 'completed']);
    const reasons = finished.map((job) => job!.failedReason);
    expect(reasons[0]).toContain(`was enqueued by mfpg 0.0.0-other, and this worker is mfpg ${packageJson.version}`);
    expect(reasons[1]).toMatch(/bad config: .*regularization\.sigma/);
    expect(reasons[2]).toMatch(/bad payload \(overrides: /);
    expect(reasons[3]).toMatch(/bad payload/);
    expect(reasons[4]).toMatch(/bad config: .*replicas\.count/);
    // Refused at once: no retries.
    expect(finished.slice(0, 5).map((job) => job!.attemptsStarted)).toEqual([1, 1, 1, 1, 1]);
    await Promise.all(finished.map((job) => job!.remove()));
  });

  it('runs a study\'s flows on the queue with the numbers of a local run', { timeout: 60_000 }, async () => {
    const out = join(freshDirectory(), 'study');
    const result = await runCli(['experiment', 'monotonicity', '--budget', 'tiny', '--queue', redisUrl as string, '--queue-name', queueName, '--out', out]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/mfpg experiment: 2\/2 done/);
    const local = await experiments.get('monotonicity')!.run('tiny', join(freshDirectory(), 'local'));
    expect(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')).numbers).toEqual(JSON.parse(JSON.stringify(local.numbers)));
  });

  it('a worker stopped with SIGTERM checkpoints its job and puts it back; another continues it to the same metrics (run last: it stops the last worker process)', { timeout: 90_000 }, async () => {
    // 2000 steps at N = 1000 on a 32×32 grid take ≈ 5 s on this project's machines (the step-50
    // checkpoint comes after ≈ 0.15 s), so the SIGTERM sent within a few 50 ms polls of that
    // checkpoint lands mid-run with a wide margin. The base job (N = 30, 12×12) ran its 2000 steps
    // before the signal once the product-grid kernels became fast.
    const long = { ...base, env: { grid: { states: 32, actions: 32 } }, particles: { count: 1000 }, flow: { horizon: 100 } };
    const job = await queue.add('run', { kind: 'run', mfpg: packageJson.version, id: 'sigterm', input: long, overrides: ['seed=4'], checkpointEvery: 50, particles: true });
    const holder = workers[1];
    await until(async () => {
      const data = (await queue.getJob(job.id as string))?.data as { checkpoint?: { step: number } } | undefined;
      return holder.log.includes(`${job.id}: started`) && (data?.checkpoint?.step ?? 0) >= 50;
    }, 30_000, 'the job to checkpoint');
    holder.child.kill('SIGTERM');
    await until(() => holder.child.exitCode !== null, 20_000, 'the worker to stop');
    expect(holder.child.exitCode).toBe(130);
    expect(holder.log).toMatch(new RegExp(`${job.id}: the worker stopped at step \\d+; the job goes back to the queue`));
    // Another worker (in this process: no start-up to wait for) takes the job over.
    const stop = new AbortController();
    const otherLog: string[] = [];
    const other = runQueueWorker({ location: parseRedisUrl(redisUrl as string), queueName, signal: stop.signal, log: (line) => otherLog.push(line) });
    await until(async () => (await queue.getJob(job.id as string))?.returnvalue != null, 45_000, `the other worker to finish the job (its log: ${otherLog.join('; ')})`);
    stop.abort();
    await other;
    const result = (await queue.getJob(job.id as string))!.returnvalue as RunJobResult;
    expect(result.log).toMatch(/resumed at step \d+ from the checkpoint shared by an earlier attempt/);
    const local = await runExperiment(long, { overrides: ['seed=4'], out: join(freshDirectory(), 'local') });
    expect(fileText(result.files, 'metrics.jsonl')).toBe(readFileSync(join(local.directory, 'metrics.jsonl'), 'utf8'));
    expect(fileText(result.files, 'particles.json')).toBe(readFileSync(join(local.directory, 'particles.json'), 'utf8'));
  });
});

/** A port nobody listens on now. */
function freePort(): Promise<number> {
  return new Promise((resolvePort) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

describe.runIf(redisUrl && hasOpenssl)('rediss:// (TLS) against a real redis-server with a self-signed certificate', () => {
  let server: ChildProcess | undefined;
  afterAll(() => server?.kill('SIGKILL'));

  it('connects and runs jobs over TLS only when the certificate is accepted', { timeout: 30_000 }, async () => {
    const folder = freshDirectory();
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(folder, 'key.pem'), '-out', join(folder, 'cert.pem'), '-days', '1', '-subj', '/CN=localhost'], { stdio: 'ignore' });
    const port = await freePort();
    server = spawn('redis-server', ['--port', '0', '--tls-port', String(port), '--bind', '127.0.0.1', '--tls-cert-file', join(folder, 'cert.pem'), '--tls-key-file', join(folder, 'key.pem'), '--tls-ca-cert-file', join(folder, 'cert.pem'), '--tls-auth-clients', 'no', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    server.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    await until(() => log.includes('Ready to accept connections'), 10_000, 'the TLS redis-server');

    // Self-signed: refused when the certificate is checked (the default), accepted when told not to check.
    await expect(connectRedis(`rediss://127.0.0.1:${port}/0`)).rejects.toThrow(ConfigError);
    const location = await connectRedis(`rediss://127.0.0.1:${port}/0?servername=localhost&rejectUnauthorized=false`);
    expect(location.tls).toEqual({ servername: 'localhost', rejectUnauthorized: false });

    // BullMQ gets the TLS options too: a job goes through and back.
    const stop = new AbortController();
    const worker = runQueueWorker({ location, queueName, signal: stop.signal, log: () => undefined });
    const tlsQueue = new Queue(queueName, { connection: connectionOptions(location) });
    const job = await tlsQueue.add('noop', { kind: 'noop', mfpg: packageJson.version });
    await until(async () => (await job.getState()) === 'completed', 15_000, 'the job over TLS');
    stop.abort();
    await worker;
    await tlsQueue.close();
  });
});
