import { resolve } from 'node:path';
import { ConfigError, parsePositiveCount } from '@mfpg/core';
import type { Command } from 'commander';
import { parseCheckpointEvery } from '../../checkpoints';
import { parseGridAxis } from '../../sweeps/grid-axis';
import { DEFAULT_MAX_RUNS, runSweep } from '../../sweeps/run-sweep';
import { collect, type CliContext, ExitCode } from '../cli-context';
import { loadConfigFile } from '../load-config-file';
import { withInterruption } from '../interruption';
import { addLimitOptions, type LimitOptions, limitsFrom } from '../limit-options';
import { loadPluginModules } from '../load-plugins';

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
    .option('--max-runs <n>', `refuse a grid of more configurations (default ${DEFAULT_MAX_RUNS})`, (text) => parsePositiveCount(text, '--max-runs'));
  addLimitOptions(command).action(
    async (
      configPath: string | undefined,
      options: { grid: string[]; set: string[]; workers: number; out?: string; plugin: string[]; checkpointEvery?: number; maxRuns?: number } & LimitOptions,
    ) => {
      if (options.grid.length === 0) throw ConfigError.of('--grid', '(none)', 'at least one --grid key=values entry');
      const axes = options.grid.map(parseGridAxis);
      const input = configPath ? loadConfigFile(configPath) : {};
      const modules = await loadPluginModules(options.plugin);
      const out = options.out ?? resolve('sweeps', new Date().toISOString().replace(/[:.]/g, '-'));
      await withInterruption(async (signal) => {
        const { directory, results } = await runSweep({
          input,
          axes,
          fixed: options.set,
          plugins: options.plugin,
          modules,
          workers: options.workers,
          out,
          checkpointEvery: options.checkpointEvery,
          limits: options.maxMemory !== undefined || options.maxSteps !== undefined ? limitsFrom(options) : undefined,
          maxRuns: options.maxRuns,
          signal,
          onResult: (result, done, total) => process.stderr.write(`mfpg sweep: [${done}/${total}] ${result.id}: ${result.status}${result.error ? ` (${result.error})` : ''}\n`),
        });
        const count = (status: string) => results.filter((row) => row.status === status).length;
        process.stdout.write(
          `mfpg: sweep of ${results.length} configurations: ${count('completed')} completed, ${count('diverged')} diverged, ${count('failed')} failed, ${count('interrupted')} interrupted → ${directory}/results.csv\n`,
        );
        context.setExitCode(signal.aborted ? ExitCode.interrupted : count('failed') > 0 ? ExitCode.failure : ExitCode.ok);
      });
    },
  );
}
