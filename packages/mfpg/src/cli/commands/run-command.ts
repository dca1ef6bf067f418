import { ConfigError, resolveConfig } from '@mfpg/core';
import type { Command } from 'commander';
import { parseCheckpointEvery } from '../../checkpoints';
import { type ReplicaRunSummary, runReplicaExperiment } from '../../replicas/run-replica-experiment';
import { type RunExperimentOptions, type RunSummary, runExperiment } from '../../run-experiment';
import { collect, type CliContext, ExitCode } from '../cli-context';
import { loadConfigFile } from '../load-config-file';
import { withInterruption } from '../interruption';
import { addLimitOptions, type LimitOptions, limitsFrom } from '../limit-options';
import { loadPlugins, pluginBase } from '../load-plugins';
import { ProgressReporter } from '../progress-reporter';
import { presetPath } from '../../presets/presets';

/** A note for each sink that fell behind and dropped rows (see SinkQueue), or errored. */
function droppedRows(sinks: RunSummary['sinks']): string {
  return Object.entries(sinks)
    .flatMap(([name, report]) => [
      ...(report.dropped > 0 ? [`mfpg: sink ${name} fell behind and dropped ${report.dropped} of ${report.dropped + report.written} rows\n`] : []),
      ...(report.error ? [`mfpg: sink ${name} failed: ${report.error}\n`] : []),
    ])
    .join('');
}

/** `t = 1, value F = …, objective J = …, KL = …` of a final row. */
function finalLine(final: RunSummary['final']): string {
  return final ? `t = ${final.t}, value F = ${final.value.toFixed(6)}, objective J = ${final.objective.toFixed(6)}, KL = ${final.kl.toFixed(4)}` : 'no row logged';
}

/** What `mfpg run` prints when replicas have run: each replica's final row, then how far apart they ended. */
function replicaReport(summary: ReplicaRunSummary, directory: string, noise: string): string {
  const final = summary.final;
  return (
    `mfpg: ${summary.status} ${summary.steps}/${summary.totalSteps} steps of ${summary.replicas.length} replicas (${noise} noise) in ${summary.timings.totalSeconds.toFixed(2)} s → ${directory}\n` +
    (summary.stop ? `mfpg: stopped by monitor.stop.${summary.stop.condition}${summary.stop.replica === null ? '' : ` on replica ${summary.stop.replica}`}: ${summary.stop.reason}\n` : '') +
    summary.replicas.map((replica) => `mfpg: ${replica.directory}: ${finalLine(replica.final)}\n`).join('') +
    (final && Number.isFinite(final['replicas/w2-max'])
      ? `mfpg: t = ${final.t}, W2 between replicas: max ${final['replicas/w2-max'].toPrecision(5)}, mean ${final['replicas/w2-mean'].toPrecision(5)} (metrics.jsonl: replicas/w2/i-j)\n`
      : '') +
    droppedRows(summary.sinks)
  );
}

/** `mfpg run [CONFIG]`: one flow, or `replicas.count` flows in lockstep, written to an output folder (docs/architecture.md contract). */
export function registerRunCommand(program: Command, context: CliContext): void {
  const command = program
    .command('run')
    .description('run a flow (or replicas.count of them in lockstep); with no CONFIG, the embedded default (B3 controlled torus, N = 1000, 400 steps)')
    .argument('[config]', 'JSON or YAML config file (keys: env, policy, regularization, particles, flow, evaluator, backend, seed, monitor, replicas)')
    .option('-s, --set <key=value>', 'override a config field, e.g. --set regularization.sigma=0.8 (repeatable)', collect, [])
    .option('-o, --out <dir>', 'output folder (default: a fresh folder under ./runs/)')
    .option('-p, --plugin <file>', 'load a plugin module (.js, .mjs, .cjs; .ts with tsx installed) exporting a ContainerModule; recorded in config.json (repeatable)', collect, [])
    .option('--no-progress', 'do not show the progress bar')
    .option('--checkpoint-every <K>', 'write a checkpoint every K steps and on Ctrl-C/SIGTERM (continue with `mfpg resume DIR`)', parseCheckpointEvery)
    .option('--preset <name>', 'start from a preset config under examples/presets (pendulum, mountain-car-continuous; mfpg list shows them)');
  addLimitOptions(command).action(
    async (configPath: string | undefined, options: { set: string[]; out?: string; plugin: string[]; progress: boolean; checkpointEvery?: number; preset?: string } & LimitOptions) => {
      const limits = limitsFrom(options);
      if (options.preset !== undefined && configPath !== undefined) throw ConfigError.of('--preset', options.preset, `no preset together with a CONFIG file (${configPath}): use one, and --set for changes`);
      const input = options.preset !== undefined ? loadConfigFile(presetPath(options.preset)) : configPath ? loadConfigFile(configPath) : {};
      const resolved = resolveConfig(input, options.set);
      const replicas = resolved.replicas.count;
      const { modules, records } = await loadPlugins(options.plugin, resolved.plugins, pluginBase(configPath));
      // config.json records the plugins (path, SHA-256): `mfpg run DIR/config.json` loads them again.
      const recorded = records.length > 0 ? { ...(input as object), plugins: records } : input;
      const reporter = new ProgressReporter(process.stderr, options.progress);
      await withInterruption(async (signal) => {
        try {
          const runOptions = {
            overrides: options.set,
            modules,
            limits,
            out: options.out,
            signal,
            checkpointEvery: options.checkpointEvery,
            onProgress: (progress) => reporter.update(progress),
          } satisfies RunExperimentOptions;
          if (replicas > 1) {
            const { summary, directory, config } = await runReplicaExperiment(recorded, runOptions);
            reporter.stop();
            if (summary.status === 'diverged' || summary.status === 'failed') {
              process.stderr.write(`mfpg: ${summary.error}\nmfpg: what was logged before is kept in ${directory} and its replica-<k> folders\n`);
              context.setExitCode(summary.status === 'diverged' ? ExitCode.diverged : ExitCode.failure);
              return;
            }
            process.stdout.write(replicaReport(summary, directory, config.replicas.noise));
            context.setExitCode(summary.status === 'interrupted' ? ExitCode.interrupted : ExitCode.ok);
            return;
          }
          const result = await runExperiment(recorded, runOptions);
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
              (final ? `mfpg: ${finalLine(final)}\n` : '') +
              droppedRows(summary.sinks),
          );
          context.setExitCode(summary.status === 'interrupted' ? ExitCode.interrupted : ExitCode.ok);
        } finally {
          reporter.stop();
        }
      });
    },
  );
}
