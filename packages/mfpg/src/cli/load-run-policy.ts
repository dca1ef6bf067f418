import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type PluginRecord, resolveConfig } from '@mfpg/core';
import { type LoadedPolicy, loadPolicy } from '../policy/load-policy';
import { integerOption } from './integer-option';
import { loadPlugins } from './load-plugins';

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
