import { Container, type ContainerModule } from 'inversify';
import { RunConfig, type RunConfig as RunConfigType } from '../config/run-config';
import { toConfigIssues } from '../config/overrides';
import { ConfigError, type ConfigIssue, PluginError } from '../errors';
import { coreModule } from './core-module';
import { contributions } from './contributions';
import { PluginDescriptor, type PluginPoint, PluginPoints } from './plugin-descriptor';
import { readPath, readPluginParams } from './plugin-params';

function writePath(root: Record<string, unknown>, field: string, value: unknown): void {
  const keys = field.split('.');
  const parent = keys.slice(0, -1).reduce<Record<string, unknown>>((node, key) => node[key] as Record<string, unknown>, root);
  parent[keys[keys.length - 1]] = value;
}

/** The descriptors registered in a container, optionally at one point. */
export function listPlugins(container: Container, point?: PluginPoint): PluginDescriptor[] {
  return contributions<PluginDescriptor>(container, PluginDescriptor).filter((descriptor) => point === undefined || descriptor.point === point);
}

/**
 * Two plugins of one point with the same name would make the name ambiguous (and inversify fail
 * later with a stack trace): a PluginError naming the plugin and both descriptions.
 */
export function assertUniquePluginNames(descriptors: readonly PluginDescriptor[]): void {
  const seen = new Map<string, PluginDescriptor>();
  for (const descriptor of descriptors) {
    const key = `${descriptor.point}\u0000${descriptor.name}`;
    const first = seen.get(key);
    if (first) {
      throw new PluginError(
        `${descriptor.point} '${descriptor.name}'`,
        `registered twice ("${first.description}" and "${descriptor.description}"); each plugin of a point needs its own name`,
      );
    }
    seen.set(key, descriptor);
  }
}

/**
 * Checks every plugin name the config selects and each selected plugin's parameters against its
 * schema; returns the config with parameters completed by their defaults, or throws ConfigError
 * naming every bad field and what exists.
 */
export function validatePluginSelection(config: RunConfigType, descriptors: readonly PluginDescriptor[]): RunConfigType {
  const resolved = structuredClone(config) as RunConfigType & Record<string, unknown>;
  const issues: ConfigIssue[] = [];
  for (const [point, spec] of Object.entries(PluginPoints) as [PluginPoint, (typeof PluginPoints)[PluginPoint]][]) {
    if (spec.kind !== 'selected') continue;
    const name = readPath(config, spec.field);
    const candidates = descriptors.filter((descriptor) => descriptor.point === point);
    const chosen = candidates.find((descriptor) => descriptor.name === name);
    if (!chosen) {
      const names = candidates.map((descriptor) => descriptor.name).sort();
      issues.push({ field: spec.field, given: name, allowed: names.length ? `one of ${names.join(', ')}` : `none registered (load a module that provides a ${point})` });
      continue;
    }
    if (!('paramsField' in spec)) continue;
    const params = readPluginParams(config, point);
    if (!chosen.params) {
      if (Object.keys(params as object).length > 0) issues.push({ field: spec.paramsField, given: params, allowed: `{} (${point} ${chosen.name} takes no parameters)` });
      continue;
    }
    const parsed = chosen.params.safeParse(params, { reportInput: true });
    if (!parsed.success) issues.push(...toConfigIssues(parsed.error.issues, chosen.params, spec.paramsField));
    else writePath(resolved, spec.paramsField, 'paramsBesideName' in spec ? { name, ...(parsed.data as object) } : parsed.data);
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return resolved;
}

/**
 * Builds the container of one run: loads the core plugins and `modules` (environments, backends,
 * users' plugins), validates the selection, binds the resolved config to the `RunConfig` token and
 * each plugin token to the implementation the config names. `container.get(FlowEngine)` then
 * gives a ready engine.
 *
 * To replace an implementation from code, either register it under a new name in a module and
 * select that name in the config, or rebind the token: `container.rebind(Integrator).to(Mine)`.
 */
export function createContainer(config: RunConfigType, modules: readonly ContainerModule[] = []): Container {
  const container = new Container();
  container.load(coreModule, ...modules);
  const descriptors = listPlugins(container);
  assertUniquePluginNames(descriptors);
  const resolved = validatePluginSelection(config, descriptors);
  container.bind(RunConfig).toConstantValue(resolved);
  for (const spec of Object.values(PluginPoints)) {
    if (spec.kind !== 'selected') continue;
    const token = spec.token;
    const name = readPath(resolved, spec.field) as string;
    container
      .bind(token)
      .toDynamicValue((context) => context.get(token, { name }))
      .inSingletonScope()
      .whenDefault();
  }
  return container;
}
