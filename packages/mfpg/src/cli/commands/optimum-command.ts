import { ConfigError, createContainer, DEFAULT_GRID_NODES, discretizeEnvironment, Environment, gridOptimum, resolveConfig } from '@mfpg/core';
import type { Command } from 'commander';
import { defaultModules } from '../../default-modules';
import { addPluginTimeoutOption } from '../limit-options';
import { type CliContext, collect, ExitCode } from '../cli-context';
import { loadPluginModules } from '../load-plugins';

/**
 * `mfpg optimum ENV`: the soft optimum V*(ρ) of the environment on the grid a run with the same
 * settings would use (env.grid, else the environment's defaultGrid, else 64 nodes per dimension;
 * τ = regularization.tau), by soft value iteration to 1e-9 — the reference a run's F approaches.
 */
export function registerOptimumCommand(program: Command, context: CliContext): void {
  const command = program
    .command('optimum')
    .description('the soft optimum V*(ρ) of an environment on its grid (soft value iteration): the value a run\'s F approaches')
    .argument('<env>', 'registered environment name, e.g. pendulum')
    .option('-s, --set <key=value>', 'override a config field, e.g. --set env.grid.states=81 --set regularization.tau=0.05 (repeatable)', collect, [])
    .option('-p, --plugin <file>', 'load a JavaScript module exporting a ContainerModule of plugins (repeatable)', collect, [])
    .option('--json', 'print the result as one JSON object');
  addPluginTimeoutOption(command).action(async (name: string, options: { set: string[]; plugin: string[]; json?: boolean }) => {
      const modules = await loadPluginModules(options.plugin);
      const config = resolveConfig({ env: { name } }, [...options.set]);
      const env = createContainer(config, [...defaultModules, ...modules]).get<Environment>(Environment);
      if (env.stateSpace.kind === 'euclidean') throw ConfigError.of('env.name', name, `an environment with a bounded state space for a grid ('${env.id}' has S = R^${env.stateSpace.dim})`);
      const states = config.env.grid.states ?? env.defaultGrid?.states ?? DEFAULT_GRID_NODES;
      const actions = config.env.grid.actions ?? env.defaultGrid?.actions ?? DEFAULT_GRID_NODES;
      const { mdp } = discretizeEnvironment(env, states, actions);
      const optimum = gridOptimum(mdp, config.regularization.tau);
      if (options.json) process.stdout.write(`${JSON.stringify({ env: env.id, statesPerDim: states, actionsPerDim: actions, ...optimum })}\n`);
      else {
        process.stdout.write(
          `mfpg optimum: ${env.id} on ${mdp.stateCount} states × ${mdp.actionCount} actions (${states} state, ${actions} action nodes per dimension), τ = ${optimum.tau}, γ = ${env.gamma}\n` +
            `  V*(ρ)       ${optimum.value.toFixed(6)}\n` +
            `  max V*(s)   ${optimum.maxStateValue.toFixed(6)}\n` +
            `  soft value iteration: ${optimum.iterations} updates to ${optimum.tolerance} (sup norm), ${optimum.seconds.toFixed(2)} s\n`,
        );
      }
      context.setExitCode(ExitCode.ok);
    });
}
