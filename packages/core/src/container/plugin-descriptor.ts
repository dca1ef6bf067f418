import type { ContainerModuleLoadOptions, Newable, ResolutionContext } from 'inversify';
import type { ZodType } from 'zod';
import { PluginError } from '../errors';
import { Activation } from '../plugin-points/activation';
import { Environment } from '../plugin-points/environment';
import { Evaluator } from '../plugin-points/evaluator';
import { InitialLaw } from '../plugin-points/initial-law';
import { Integrator } from '../plugin-points/integrator';
import { MonitorContribution } from '../plugin-points/monitor-contribution';
import { ParameterPrior } from '../plugin-points/parameter-prior';
import { ParticleBackend } from '../plugin-points/particle-backend';
import { Unit } from '../plugin-points/unit';

/**
 * Every plugin point, in one registry. A point is either
 * - `selected`: the run uses one implementation, named by the config field `field`; its parameters
 *   sit at `paramsField` (with `paramsBesideName`, the keys of that section beside the name:
 *   `particles.init: { name, ...params }`) and are checked against the chosen plugin's schema; or
 * - `gathered`: the run collects every contribution (read with `contributions(container, token)`);
 *   `configKey`, when present, says where a config picks among them (the monitor checks those
 *   names itself). The metric and sink interfaces live in `@mfpg/monitor`, which takes its tokens
 *   from here, so core stays free of the monitor while still describing its points.
 */
export const PluginPoints = {
  environment: { token: Environment, kind: 'selected', field: 'env.name', paramsField: 'env.params' },
  activation: { token: Activation, kind: 'selected', field: 'policy.activation' },
  unit: { token: Unit, kind: 'selected', field: 'policy.unit' },
  prior: { token: ParameterPrior, kind: 'selected', field: 'regularization.prior' },
  initialLaw: { token: InitialLaw, kind: 'selected', field: 'particles.init.name', paramsField: 'particles.init', paramsBesideName: true },
  evaluator: { token: Evaluator, kind: 'selected', field: 'evaluator.name', paramsField: 'evaluator.params' },
  integrator: { token: Integrator, kind: 'selected', field: 'flow.integrator' },
  backend: { token: ParticleBackend, kind: 'selected', field: 'backend.name', paramsField: 'backend.params' },
  metric: { token: Symbol.for('mfpg.MetricDefinition'), kind: 'gathered', configKey: 'monitor.metrics[].name' },
  sink: { token: Symbol.for('mfpg.SinkDefinition'), kind: 'gathered', configKey: 'monitor.sinks.<name>' },
  monitorContribution: { token: MonitorContribution, kind: 'gathered' },
} as const satisfies Record<string, { token: symbol; kind: 'selected'; field: string; paramsField?: string; paramsBesideName?: true } | { token: symbol; kind: 'gathered'; configKey?: string }>;

export type PluginPoint = keyof typeof PluginPoints;

/** The points whose implementation a config chooses by name (environment, unit, integrator, …). */
export type SelectedPoint = { [P in PluginPoint]: (typeof PluginPoints)[P]['kind'] extends 'selected' ? P : never }[PluginPoint];

export const PluginDescriptor = Symbol.for('mfpg.PluginDescriptor');

/** What a registered implementation declares about itself (listed by `mfpg list`, checked by config). */
export interface PluginDescriptor {
  readonly point: PluginPoint;
  /** The name configs use to select it, e.g. `euler-maruyama`. */
  readonly name: string;
  readonly description: string;
  /** Schema of its parameters section (env.params, evaluator.params, backend.params, particles.init less name) or of a metric's or sink's options. */
  readonly params?: ZodType;
}

/** How the implementation is made: a class the container constructs, a factory, or a ready value. */
export type PluginProvider<T> = { readonly useClass: Newable<T> } | { readonly useFactory: (context: ResolutionContext) => T } | { readonly useValue: T };

/**
 * Registers an implementation at a plugin point, together with its descriptor. Call it inside a
 * `ContainerModule`: `new ContainerModule((options) => bindPlugin(options, …))`. At a selected point
 * it is bound under its name and the container resolves the selected name once per run
 * (singleton); at a gathered point it joins the point's contributions. A point that does not exist
 * (e.g. a typo in a JavaScript plugin) is a PluginError naming the plugin, the point and the points.
 */
export function bindPlugin<T>(options: ContainerModuleLoadOptions, descriptor: PluginDescriptor, provider: PluginProvider<T>): void {
  if (!Object.hasOwn(PluginPoints, descriptor.point)) {
    const points = Object.keys(PluginPoints).join(', ');
    throw new PluginError(`'${descriptor.name}'`, `registered at the unknown plugin point '${String(descriptor.point)}'; the points are ${points}`);
  }
  const { token, kind } = PluginPoints[descriptor.point];
  const binding = options.bind<T>(token);
  if ('useValue' in provider) {
    const bound = binding.toConstantValue(provider.useValue);
    if (kind === 'selected') bound.whenNamed(descriptor.name);
  } else {
    const scoped = ('useClass' in provider ? binding.to(provider.useClass) : binding.toDynamicValue(provider.useFactory)).inSingletonScope();
    if (kind === 'selected') scoped.whenNamed(descriptor.name);
  }
  options.bind<PluginDescriptor>(PluginDescriptor).toConstantValue(descriptor);
}
