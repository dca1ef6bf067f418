import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError, type PluginRecord, resolveConfig } from '@mfpg/core';
import type { Command } from 'commander';
import { type LoadedPolicy, loadPolicy } from '../policy/load-policy';
import { collect } from './cli-context';
import { integerOption } from './integer-option';
import { loadPlugins } from './load-plugins';

/** The options {@link addRunPolicyOptions} declares, as commander gives them. */
export interface RunPolicyOptions {
  readonly mode: string;
  readonly seed: string;
  readonly actionNodes: string;
  readonly plugin: string[];
}

/**
 * The options of every command that uses a finished run's trained policy (`mfpg act`, `mfpg
 * rollout`): how actions are chosen, the seed of what is sampled (`seedHelp` says what that is),
 * the action nodes that resolve the policy and extra plugins.
 */
export function addRunPolicyOptions(command: Command, seedHelp: string): Command {
  return command
    .option('--mode <mode>', 'mode (the most likely action) or sample (a ~ π(·|s))', 'mode')
    .option('--seed <n>', seedHelp, '0')
    .option('--action-nodes <n>', 'action nodes per action dimension that resolve the continuous policy', '64')
    .option('-p, --plugin <file>', "also load this plugin module (the plugins recorded in the run's config.json load by themselves; repeatable)", collect, []);
}

/** `--mode` and `--seed` checked (exit 2 naming the option otherwise). */
export function policyMode(options: Pick<RunPolicyOptions, 'mode' | 'seed'>): { mode: 'mode' | 'sample'; seed: number } {
  const { mode } = options;
  if (mode !== 'mode' && mode !== 'sample') throw ConfigError.of('--mode', mode, 'mode or sample');
  return { mode, seed: integerOption('--seed', options.seed, 0, 2 ** 32 - 1) };
}

/**
 * The trained policy of the run folder `run` for `mfpg rollout` and `mfpg act`: the plugins recorded
 * in its config.json load by themselves (hash-checked, as for `mfpg resume`), then those of
 * `--plugin`; `--action-nodes` resolves the continuous policy.
 */
export async function loadRunPolicy(run: string, options: { readonly plugin: readonly string[]; readonly actionNodes: string }): Promise<LoadedPolicy> {
  const actionNodes = integerOption('--action-nodes', options.actionNodes, 2);
  const directory = resolve(run);
  const configPath = join(directory, 'config.json');
  // Without a readable config.json loadPolicy reports the folder as not a finished run.
  const recorded = existsSync(configPath) ? recordedPlugins(configPath) : [];
  const { modules } = await loadPlugins(options.plugin, recorded, directory);
  return loadPolicy(run, { modules, actionNodes });
}

/** The plugins a run's config.json records; none when it does not parse (loadPolicy then says why). */
function recordedPlugins(configPath: string): readonly PluginRecord[] {
  try {
    return resolveConfig(JSON.parse(readFileSync(configPath, 'utf8'))).plugins ?? [];
  } catch {
    return [];
  }
}
