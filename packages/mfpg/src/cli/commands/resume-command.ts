import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError, resolveConfig } from '@mfpg/core';
import type { Command } from 'commander';
import packageJson from '../../../package.json';
import { parseCheckpointEvery, readCheckpoint, readReplicaCheckpoint } from '../../checkpoints';
import { replicaDirectoryName, runReplicaExperiment } from '../../replicas/run-replica-experiment';
import { type RunProgress, runExperiment } from '../../run-experiment';
import { collect, type CliContext, ExitCode } from '../cli-context';
import { loadConfigFile } from '../load-config-file';
import { withInterruption } from '../interruption';
import { addLimitOptions, type LimitOptions, limitsFrom } from '../limit-options';
import { loadPlugins } from '../load-plugins';
import { ProgressReporter } from '../progress-reporter';

/** Status of the run in `directory` from its summary.json, or null when it has none yet. */
function runStatus(directory: string): string | null {
  const path = join(directory, 'summary.json');
  if (!existsSync(path)) return null;
  try {
    return String((JSON.parse(readFileSync(path, 'utf8')) as { status?: unknown }).status);
  } catch {
    return null;
  }
}

/**
 * `mfpg resume DIR`: continues an interrupted run from its checkpoint so that its outputs are those
 * of an uninterrupted run (byte-identical on the CPU backend). Everything is checked before any
 * file is touched.
 */
export function registerResumeCommand(program: Command, context: CliContext): void {
  const command = program
    .command('resume')
    .description('continue an interrupted run (started with --checkpoint-every) from its checkpoint')
    .argument('<dir>', 'the output folder of the run')
    .option('-p, --plugin <file>', 'also load this plugin module (the plugins recorded in the run\'s config.json load by themselves; repeatable)', collect, [])
    .option('--checkpoint-every <K>', 'steps between checkpoints (default: the run\'s own)', parseCheckpointEvery)
    .option('--no-progress', 'do not show the progress bar');
  addLimitOptions(command).action(
    async (dir: string, options: { plugin: string[]; checkpointEvery?: number; progress: boolean } & LimitOptions) => {
      const directory = resolve(dir);
      if (!existsSync(join(directory, 'config.json'))) {
        throw ConfigError.of('DIR', dir, 'the output folder of an `mfpg run` (it has config.json); this folder is not a run');
      }
      const input = loadConfigFile(join(directory, 'config.json'));
      const replicas = resolveConfig(input).replicas.count;
      const status = runStatus(directory);
      if (status === 'completed' || status === 'diverged') {
        throw ConfigError.of('DIR', dir, `an interrupted run; this one is already ${status} (summary.json), there is nothing to resume`);
      }
      // A replica run's checkpoint holds every replica's; a single run's is one flow's.
      const checkpoint = replicas > 1 ? readReplicaCheckpoint(directory, input, replicas, replicaDirectoryName, packageJson.version) : readCheckpoint(directory, input, packageJson.version);
      // The plugins recorded in config.json (checked against their hashes), and any given with --plugin.
      const { modules } = await loadPlugins(options.plugin, resolveConfig(input).plugins, directory);
      const reporter = new ProgressReporter(process.stderr, options.progress);
      await withInterruption(async (signal) => {
        try {
          const common = { modules, limits: limitsFrom(options), out: directory, checkpointEvery: options.checkpointEvery ?? checkpoint.every, signal, onProgress: (progress: RunProgress) => reporter.update(progress) };
          const { summary } =
            checkpoint.format === 'mfpg-replica-checkpoint/1' ? await runReplicaExperiment(input, { ...common, resume: checkpoint }) : await runExperiment(input, { ...common, resume: checkpoint });
          reporter.stop();
          if (summary.status === 'diverged' || summary.status === 'failed') {
            process.stderr.write(`mfpg: ${summary.error}\n`);
            context.setExitCode(summary.status === 'diverged' ? ExitCode.diverged : ExitCode.failure);
            return;
          }
          process.stdout.write(`mfpg: resumed at step ${checkpoint.step}, ${summary.status} ${summary.steps}/${summary.totalSteps} steps → ${directory}\n`);
          context.setExitCode(summary.status === 'interrupted' ? ExitCode.interrupted : ExitCode.ok);
        } finally {
          reporter.stop();
        }
      });
    },
  );
}
