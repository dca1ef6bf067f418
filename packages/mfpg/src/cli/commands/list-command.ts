import { coreModule, listPlugins, PluginPoints } from '@mfpg/core';
import type { Command } from 'commander';
import { Container } from 'inversify';
import { defaultModules } from '../../default-modules';
import { collect } from '../cli-context';
import { addPluginTimeoutOption } from '../limit-options';
import { loadPluginModules } from '../load-plugins';
import { listPresets } from '../../presets/presets';

/** `mfpg list`: every registered plugin, by plugin point (metrics and sinks included), then the presets. */
export function registerListCommand(program: Command): void {
  const command = program
    .command('list')
    .description('list the registered plugins (environments, units, integrators, …), metrics and sinks')
    .option('-p, --plugin <file>', 'also load plugins from this module (repeatable)', collect, []);
  addPluginTimeoutOption(command).action(async (options: { plugin: string[] }) => {
    const container = new Container();
    container.load(coreModule, ...defaultModules, ...(await loadPluginModules(options.plugin)));
    for (const point of Object.keys(PluginPoints) as (keyof typeof PluginPoints)[]) {
      const plugins = listPlugins(container, point);
      if (plugins.length === 0) continue;
      const spec = PluginPoints[point];
      const selectedBy = spec.kind === 'selected' ? spec.field : 'configKey' in spec ? spec.configKey : undefined;
      process.stdout.write(`${point}${selectedBy ? ` (${selectedBy})` : ''}\n`);
      for (const plugin of plugins) process.stdout.write(`  ${plugin.name.padEnd(26)} ${plugin.description}\n`);
    }
    const presets = listPresets();
    if (presets.length > 0) {
      process.stdout.write('preset (mfpg run --preset <name>)\n');
      for (const { name, description } of presets) process.stdout.write(`  ${name.padEnd(26)} ${description}\n`);
    }
  });
}
