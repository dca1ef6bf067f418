import 'reflect-metadata';
import { Command } from 'commander';
import packageJson from '../../package.json';
import { type CliContext, ExitCode } from './cli-context';
import { registerCheckEnvCommand } from './commands/check-env-command';
import { registerListCommand } from './commands/list-command';
import { registerPlotCommand } from './commands/plot-command';
import { registerRunCommand } from './commands/run-command';
import { registerResumeCommand } from './commands/resume-command';
import { registerSweepCommand } from './commands/sweep-command';
import { registerExperimentCommand } from './commands/experiment-command';
import { registerNewCommand } from './commands/new-command';
import { registerWorkerCommand } from './commands/worker-command';
import { registerRolloutCommand } from './commands/rollout-command';
import { registerActCommand } from './commands/act-command';
import { registerOptimumCommand } from './commands/optimum-command';
import { reportError } from './report-error';

/** Every command: each registers itself on the program (one file per command in commands/). */
const commands: readonly ((program: Command, context: CliContext) => void)[] = [registerRunCommand, registerResumeCommand, registerSweepCommand, registerExperimentCommand, registerWorkerCommand, registerPlotCommand, registerListCommand, registerCheckEnvCommand, registerNewCommand, registerRolloutCommand, registerActCommand, registerOptimumCommand];

function buildProgram(context: CliContext): Command {
  const program = new Command('mfpg')
    .description('Mean-field Langevin policy gradient on entropy-regularised MDPs (Leahy et al., ICML 2022)')
    .version(packageJson.version)
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  for (const register of commands) register(program, context);
  return program;
}

/**
 * Runs the CLI with `argv` (without node and script) and resolves to the exit code. Every command
 * goes through here: what it throws is turned into a message and an exit code by
 * {@link reportError} (bad input 2, plugin 4, …), so a new command gets the same guarantees by
 * registering itself in `commands` and throwing ConfigError / PluginError for what it rejects.
 */
export async function main(argv: readonly string[]): Promise<number> {
  let exitCode: number = ExitCode.ok;
  const program = buildProgram({
    setExitCode: (code) => {
      exitCode = code;
    },
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    return reportError(error);
  }
}
