import type { Command } from 'commander';
import { parseCheckpointEvery } from '../../checkpoints';
import { type RunSummary, runExperiment } from '../../run-experiment';
import { collect, type CliContext, ExitCode } from '../cli-context';
import { loadConfigFile } from '../load-config-file';
import { loadPluginModules } from '../load-plugins';
import { ProgressReporter } from '../progress-reporter';

/** A note for each sink that fell behind and dropped rows (see SinkQueue), or errored. */
function droppedRows(sinks: RunSummary['sinks']): string {
  return Object.entries(sinks)
    .flatMap(([name, report]) => [
      ...(report.dropped > 0 ? [`mfpg: sink ${name} fell behind and dropped ${report.dropped} of ${report.dropped + report.written} rows\n`] : []),
      ...(report.error ? [`mfpg: sink ${name} failed: ${report.error}\n`] : []),
    ])
    .join('');
}

/** `mfpg run [CONFIG]`: one flow, written to an output folder (ARCHITECTURE.md contract). */
export function registerRunCommand(program: Command, context: CliContext): void {
  program
    .command('run')
    .description('run a flow; with no CONFIG, the embedded default (B3 controlled torus, N = 1000, 400 steps)')
    .argument('[config]', 'JSON or YAML config file (keys: env, policy, regularization, particles, flow, evaluator, backend, seed, monitor)')
    .option('-s, --set <key=value>', 'override a config field, e.g. --set regularization.sigma=0.8 (repeatable)', collect, [])
    .option('-o, --out <dir>', 'output folder (default: a fresh folder under ./runs/)')
    .option('-p, --plugin <file>', 'load a JavaScript module exporting a ContainerModule of plugins (repeatable)', collect, [])
    .option('--no-progress', 'do not show the progress bar')
    .option('--checkpoint-every <K>', 'write a checkpoint every K steps and on Ctrl-C/SIGTERM (continue with `mfpg resume DIR`)', parseCheckpointEvery)
    .action(async (configPath: string | undefined, options: { set: string[]; out?: string; plugin: string[]; progress: boolean; checkpointEvery?: number }) => {
      const input = configPath ? loadConfigFile(configPath) : {};
      const modules = await loadPluginModules(options.plugin);
      const reporter = new ProgressReporter(process.stderr, options.progress);
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      try {
        const result = await runExperiment(input, {
          overrides: options.set,
          modules,
          out: options.out,
          signal: controller.signal,
          checkpointEvery: options.checkpointEvery,
          onProgress: (progress) => reporter.update(progress),
        });
        reporter.stop();
        const { summary, directory } = result;
        if (summary.status === 'diverged') {
          process.stderr.write(`mfpg: ${summary.error}\nmfpg: metrics logged before the divergence are in ${directory}/metrics.jsonl\n`);
          context.setExitCode(ExitCode.diverged);
          return;
        }
        if (summary.status === 'failed') {
          process.stderr.write(`mfpg: ${summary.error}\nmfpg: the run stopped there; what was logged before is in ${directory}\n`);
          context.setExitCode(ExitCode.failure);
          return;
        }
        const final = summary.final;
        process.stdout.write(
          `mfpg: ${summary.status} ${summary.steps}/${summary.totalSteps} steps in ${summary.timings.totalSeconds.toFixed(2)} s → ${directory}\n` +
            (summary.stop ? `mfpg: stopped by monitor.stop.${summary.stop.condition}: ${summary.stop.reason}\n` : '') +
            (final ? `mfpg: t = ${final.t}, value F = ${final.value.toFixed(6)}, objective J = ${final.objective.toFixed(6)}, KL = ${final.kl.toFixed(4)}\n` : '') +
            droppedRows(summary.sinks),
        );
        context.setExitCode(summary.status === 'interrupted' ? ExitCode.interrupted : ExitCode.ok);
      } finally {
        reporter.stop();
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      }
    });
}
