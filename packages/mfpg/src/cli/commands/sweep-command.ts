import { resolve } from 'node:path';
import { ConfigError, parsePositiveCount, resolveConfig } from '@mfpg/core';
import type { Command } from 'commander';
import { parseCheckpointEvery } from '../../checkpoints';
import { parseGridAxis } from '../../sweeps/grid-axis';
import type { SweepResult } from '../../sweeps/results-table';
import { DEFAULT_MAX_RUNS, runSweep } from '../../sweeps/run-sweep';
import { DEFAULT_QUEUE_NAME, parseQueueName } from '../../queue/queue-connection';
import { runQueuedSweep } from '../../queue/queued-sweep';
import { queueProgressLine } from '../queue-progress-line';
import { queueUrl } from '../queue-url-option';
import { collect, type CliContext, ExitCode } from '../cli-context';
import { loadConfigFile } from '../load-config-file';
import { withInterruption } from '../interruption';
import { addLimitOptions, type LimitOptions, limitsFrom } from '../limit-options';
import { loadPlugins, pluginBase } from '../load-plugins';

function parseWorkers(text: string): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1) throw ConfigError.of('--workers', text, 'an integer ≥ 1 (runs at a time)');
  return Number(text);
}

/**
 * `mfpg sweep [CONFIG] --grid key=values …`: every configuration of the grid, several at a time;
 * rerun with the same --out to resume.
 */
export function registerSweepCommand(program: Command, context: CliContext): void {
  const command = program
    .command('sweep')
    .description('run the cartesian product of --grid values in parallel workers; writes results.csv and plots (rerun into the same --out to resume)')
    .argument('[config]', 'JSON or YAML base config file (default: the embedded default)')
    .option('-g, --grid <key=values>', 'a swept field: key=v1,v2,… or key=A..B (integers, inclusive); repeatable', collect, [])
    .option('-s, --set <key=value>', 'override a config field in every configuration (repeatable)', collect, [])
    .option('-w, --workers <n>', 'runs at a time', parseWorkers, 2)
    .option('-o, --out <dir>', 'sweep folder (default: a fresh folder under ./sweeps/)')
    .option('-p, --plugin <file>', 'plugin module for every run (repeatable)', collect, [])
    .option('--checkpoint-every <K>', 'steps between each run\'s checkpoints (default 50)', parseCheckpointEvery)
    .option('-q, --queue [url]', 'run the configurations as jobs on this Redis (redis[s]://[user:password@]host[:port][/db]; bare: $MFPG_QUEUE) for `mfpg worker`s, instead of --workers local processes')
    .option('--queue-name <name>', 'BullMQ queue name (with --queue)', parseQueueName, DEFAULT_QUEUE_NAME)
    .option('--particles', 'with --queue: bring each run\'s particles.json back too')
    .option('--max-runs <n>', `refuse a grid of more configurations (default ${DEFAULT_MAX_RUNS})`, (text) => parsePositiveCount(text, '--max-runs'));
  addLimitOptions(command).action(
    async (
      configPath: string | undefined,
      options: { grid: string[]; set: string[]; workers: number; out?: string; plugin: string[]; checkpointEvery?: number; queue?: string | true; queueName: string; particles?: boolean; maxRuns?: number } & LimitOptions,
    ) => {
      const queue = queueUrl(options.queue);
      if (options.grid.length === 0) throw ConfigError.of('--grid', '(none)', 'at least one --grid key=values entry');
      const axes = options.grid.map(parseGridAxis);
      const input = configPath ? loadConfigFile(configPath) : {};
      // The base config's recorded plugins too: each run loads them from it (base-config.json).
      const { modules } = await loadPlugins(options.plugin, resolveConfig(input, options.set).plugins, pluginBase(configPath));
      const out = options.out ?? resolve('sweeps', new Date().toISOString().replace(/[:.]/g, '-'));
      await withInterruption(async (signal) => {
        const common = {
          input,
          axes,
          fixed: options.set,
          plugins: options.plugin,
          modules,
          out,
          checkpointEvery: options.checkpointEvery,
          limits: options.maxMemory !== undefined || options.maxSteps !== undefined ? limitsFrom(options) : undefined,
          maxRuns: options.maxRuns,
          signal,
          onResult: (result: SweepResult, done: number, total: number) => process.stderr.write(`mfpg sweep: [${done}/${total}] ${result.id}: ${result.status}${result.error ? ` (${result.error})` : ''}\n`),
        };
        const { directory, results } = queue
          ? await runQueuedSweep({ ...common, queue, queueName: options.queueName, particles: options.particles, onProgress: queueProgressLine('mfpg sweep', process.stderr) })
          : await runSweep({ ...common, workers: options.workers });
        const count = (status: string) => results.filter((row) => row.status === status).length;
        process.stdout.write(
          `mfpg: sweep of ${results.length} configurations: ${count('completed')} completed, ${count('diverged')} diverged, ${count('failed')} failed, ${count('interrupted')} interrupted → ${directory}/results.csv\n`,
        );
        if (signal.aborted && queue) process.stderr.write('mfpg sweep: the unfinished jobs stay in the queue; run the same command again to collect them\n');
        context.setExitCode(signal.aborted ? ExitCode.interrupted : count('failed') > 0 ? ExitCode.failure : ExitCode.ok);
      });
    },
  );
}
