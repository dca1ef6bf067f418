import 'reflect-metadata';
import { ConfigError, coreModule, listPlugins, PluginPoints } from '@mfpg/core';
import { Command, CommanderError } from 'commander';
import { Container } from 'inversify';
import packageJson from '../../package.json';
import { defaultModules } from '../default-modules';
import { runExperiment } from '../run-experiment';
import { loadConfigFile } from './load-config-file';
import { loadPluginModules } from './load-plugins';
import { ProgressReporter } from './progress-reporter';

/** Exit codes of the CLI contract (ARCHITECTURE.md). */
export const ExitCode = { ok: 0, failure: 1, badInput: 2, diverged: 3, interrupted: 130 } as const;

const collect = (value: string, previous: string[]) => [...previous, value];

function buildProgram(setExitCode: (code: number) => void): Command {
  const program = new Command('mfpg')
    .description('Mean-field Langevin policy gradient on entropy-regularised MDPs (Leahy et al., ICML 2022)')
    .version(packageJson.version)
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });

  program
    .command('run')
    .description('run a flow; with no CONFIG, the embedded default (B3 controlled torus, N = 1000, 400 steps)')
    .argument('[config]', 'JSON or YAML config file (keys: env, policy, regularization, particles, flow, evaluator, backend, seed, monitor)')
    .option('-s, --set <key=value>', 'override a config field, e.g. --set regularization.sigma=0.8 (repeatable)', collect, [])
    .option('-o, --out <dir>', 'output folder (default: a fresh folder under ./runs/)')
    .option('-p, --plugin <file>', 'load a JavaScript module exporting a ContainerModule of plugins (repeatable)', collect, [])
    .option('--no-progress', 'do not show the progress bar')
    .action(async (configPath: string | undefined, options: { set: string[]; out?: string; plugin: string[]; progress: boolean }) => {
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
          onProgress: (progress) => reporter.update(progress),
        });
        reporter.stop();
        const { summary, directory } = result;
        if (summary.status === 'diverged') {
          process.stderr.write(`mfpg: ${summary.error}\nmfpg: metrics logged before the divergence are in ${directory}/metrics.jsonl\n`);
          setExitCode(ExitCode.diverged);
          return;
        }
        const final = summary.final;
        process.stdout.write(
          `mfpg: ${summary.status} ${summary.steps}/${summary.totalSteps} steps in ${summary.timings.totalSeconds.toFixed(2)} s → ${directory}\n` +
            (final ? `mfpg: t = ${final.t}, value F = ${final.value.toFixed(6)}, objective J = ${final.objective.toFixed(6)}, KL = ${final.kl.toFixed(4)}\n` : ''),
        );
        setExitCode(summary.status === 'interrupted' ? ExitCode.interrupted : ExitCode.ok);
      } finally {
        reporter.stop();
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      }
    });

  program
    .command('list')
    .description('list the registered plugins (environments, units, integrators, …)')
    .option('-p, --plugin <file>', 'also load plugins from this module (repeatable)', collect, [])
    .action(async (options: { plugin: string[] }) => {
      const container = new Container();
      container.load(coreModule, ...defaultModules, ...(await loadPluginModules(options.plugin)));
      for (const point of Object.keys(PluginPoints) as (keyof typeof PluginPoints)[]) {
        const plugins = listPlugins(container, point);
        if (plugins.length === 0) continue;
        const spec = PluginPoints[point];
        process.stdout.write(`${point}${'field' in spec ? ` (${spec.field})` : ''}\n`);
        for (const plugin of plugins) process.stdout.write(`  ${plugin.name.padEnd(26)} ${plugin.description}\n`);
      }
    });
  return program;
}

/** Runs the CLI with `argv` (without node and script) and resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let exitCode: number = ExitCode.ok;
  const program = buildProgram((code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.ok : ExitCode.badInput;
    if (error instanceof ConfigError) {
      process.stderr.write(`mfpg: bad input\n${error.message.replace(/^/gm, '  ')}\n`);
      return ExitCode.badInput;
    }
    process.stderr.write(`mfpg: ${(error as Error).stack ?? String(error)}\n`);
    return ExitCode.failure;
  }
}
