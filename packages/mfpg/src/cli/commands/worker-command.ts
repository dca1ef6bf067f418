import { spawn } from 'node:child_process';
import { ConfigError } from '@mfpg/core';
import type { Command } from 'commander';
import { connectRedis, DEFAULT_QUEUE_NAME, parseQueueName } from '../../queue/queue-connection';
import { runQueueWorker } from '../../queue/queue-worker';
import { workerCommand } from '../../sweeps/worker-command';
import { addPluginTimeoutOption } from '../limit-options';
import { collect, type CliContext, ExitCode } from '../cli-context';
import { withInterruption } from '../interruption';
import { loadPluginModules } from '../load-plugins';
import { QUEUE_VARIABLE, queueUrl } from '../queue-url-option';

/** Set for the worker processes of `--concurrency N`: they stop when their supervisor's pipe closes. */
const SUPERVISED_VARIABLE = 'MFPG_WORKER_SUPERVISED';

const positiveInteger = (field: string, allowed: string) => (text: string) => {
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1) throw ConfigError.of(field, text, allowed);
  return Number(text);
};

interface WorkerCommandOptions {
  queue?: string;
  queueName: string;
  concurrency: number;
  plugin: string[];
  lockDuration?: number;
  stalledInterval?: number;
}

/**
 * `--concurrency N` > 1: N worker processes of one job each (a flow holds a core; node runs one
 * thread), started and stopped with this one. The URL reaches them through the environment, not
 * their command line.
 */
async function superviseWorkers(url: string, options: WorkerCommandOptions, signal: AbortSignal): Promise<number> {
  const command = workerCommand();
  const args = [
    'worker',
    '--queue-name',
    options.queueName,
    '--concurrency',
    '1',
    ...options.plugin.flatMap((plugin) => ['--plugin', plugin]),
    ...(options.lockDuration ? ['--lock-duration', String(options.lockDuration)] : []),
    ...(options.stalledInterval ? ['--stalled-interval', String(options.stalledInterval)] : []),
  ];
  const children = Array.from({ length: options.concurrency }, () =>
    spawn(command[0], [...command.slice(1), ...args], { stdio: ['pipe', 'inherit', 'inherit'], env: { ...process.env, [QUEUE_VARIABLE]: url, [SUPERVISED_VARIABLE]: '1' } }),
  );
  const stop = () => {
    for (const child of children) child.kill('SIGTERM');
  };
  signal.addEventListener('abort', stop, { once: true });
  process.on('exit', stop);
  const codes = await Promise.all(children.map((child) => new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? ExitCode.failure)))));
  process.off('exit', stop);
  return signal.aborted ? ExitCode.interrupted : Math.max(...codes);
}

/** `mfpg worker --queue URL`: runs the jobs of queued sweeps and studies until stopped (Ctrl-C, SIGTERM). */
export function registerWorkerCommand(program: Command, context: CliContext): void {
  const command = program
    .command('worker')
    .description('run the jobs of `mfpg sweep --queue` and `mfpg experiment --queue` from a Redis queue, until Ctrl-C/SIGTERM (the running job checkpoints and goes back to the queue)')
    .option('-q, --queue <url>', `redis://[user:password@]host[:port][/db] or rediss://… (TLS); default $${QUEUE_VARIABLE}`)
    .option('--queue-name <name>', 'BullMQ queue name, the same as the coordinator\'s', parseQueueName, DEFAULT_QUEUE_NAME)
    .option('-c, --concurrency <n>', 'jobs at a time: one worker process per job', positiveInteger('--concurrency', 'an integer ≥ 1 (jobs at a time)'), 1)
    .option('-p, --plugin <file>', 'plugin module the jobs\' configs use (repeatable; as for `mfpg run`)', collect, [])
    .option('--lock-duration <ms>', 'job lock in ms: a lost worker\'s job is taken over about this long after (default 30000)', positiveInteger('--lock-duration', 'milliseconds ≥ 1'))
    .option('--stalled-interval <ms>', 'ms between checks for jobs of lost workers (default 30000)', positiveInteger('--stalled-interval', 'milliseconds ≥ 1'));
  addPluginTimeoutOption(command).action(async (options: WorkerCommandOptions) => {
      // No --queue reads $MFPG_QUEUE as a bare one does (and says so when it is unset): never undefined.
      const url = queueUrl(options.queue ?? true) as string;
      const location = await connectRedis(url);
      const modules = await loadPluginModules(options.plugin);
      // A supervised worker whose supervisor died (even by SIGKILL) sees its stdin close and stops as on SIGTERM.
      if (process.env[SUPERVISED_VARIABLE]) process.stdin.on('end', () => process.kill(process.pid, 'SIGTERM')).resume();
      await withInterruption(async (signal) => {
        if (options.concurrency > 1) {
          process.stderr.write(`mfpg worker: ${options.concurrency} worker processes on ${location.display} (queue ${options.queueName})\n`);
          context.setExitCode(await superviseWorkers(url, options, signal));
          return;
        }
        await runQueueWorker({
          location,
          queueName: options.queueName,
          modules,
          lockDurationMs: options.lockDuration,
          stalledIntervalMs: options.stalledInterval,
          signal,
          log: (line) => process.stderr.write(`mfpg worker ${process.pid}: ${line}\n`),
          onReady: () => process.stderr.write(`mfpg worker ${process.pid}: waiting for jobs on ${location.display} (queue ${options.queueName}); Ctrl-C stops\n`),
        });
        process.stderr.write(`mfpg worker ${process.pid}: stopped\n`);
        context.setExitCode(ExitCode.interrupted);
      });
    });
}
