import { type PluginPoint, PluginPoints } from './plugin-descriptor';

/** The value at a dotted config path, e.g. `env.params`; undefined when a section on the way is absent. */
export function readPath(root: unknown, field: string): unknown {
  return field.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], root);
}

/**
 * The parameters the config gives the selected plugin of `point` (e.g. `env.params`; `particles.init`
 * without its `name`); `{}` for points without parameters or an absent section.
 */
export function readPluginParams(config: unknown, point: PluginPoint): unknown {
  const spec = PluginPoints[point];
  if (!('paramsField' in spec)) return {};
  const section = readPath(config, spec.paramsField) ?? {};
  if (!('paramsBesideName' in spec)) return section;
  const { name: _name, ...params } = section as Record<string, unknown>;
  return params;
}
