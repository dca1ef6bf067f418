import type { ContainerModuleLoadOptions, Newable, ResolutionContext } from 'inversify';
import type { ZodType } from 'zod';
import { Activation } from '../plugin-points/activation';
import { Environment } from '../plugin-points/environment';
import { Evaluator } from '../plugin-points/evaluator';
import { InitialLaw } from '../plugin-points/initial-law';
import { Integrator } from '../plugin-points/integrator';
import { ParameterPrior } from '../plugin-points/parameter-prior';
import { ParticleBackend } from '../plugin-points/particle-backend';
import { ReferenceMeasure } from '../plugin-points/reference-measure';
import { Unit } from '../plugin-points/unit';

/**
 * Every plugin point: its DI token, the config field that selects an implementation by name, and
 * the config field holding that implementation's parameters (validated by its schema). With
 * `paramsBesideName`, the parameters are the keys of that section beside the name
 * (`particles.init: { name, ...params }`).
 */
export const PluginPoints = {
  environment: { token: Environment, field: 'env.name', paramsField: 'env.params' },
  activation: { token: Activation, field: 'policy.activation' },
  unit: { token: Unit, field: 'policy.unit' },
  prior: { token: ParameterPrior, field: 'regularization.prior' },
  initialLaw: { token: InitialLaw, field: 'particles.init.name', paramsField: 'particles.init', paramsBesideName: true },
  evaluator: { token: Evaluator, field: 'evaluator.name', paramsField: 'evaluator.params' },
  integrator: { token: Integrator, field: 'flow.integrator' },
  backend: { token: ParticleBackend, field: 'backend.name', paramsField: 'backend.params' },
  referenceMeasure: { token: ReferenceMeasure },
} as const satisfies Record<string, { token: symbol; field?: string; paramsField?: string; paramsBesideName?: true }>;

export type PluginPoint = keyof typeof PluginPoints;

/**
 * The monitor's points: metrics (`monitor.metrics[].name`) and sinks (`monitor.sinks.<name>`),
 * gathered as contributions by `@mfpg/monitor` (bindMetric, bindSink) and described here too, so
 * `listPlugins` sees every registered plugin.
 */
export type MonitorPoint = 'metric' | 'sink';

export const PluginDescriptor = Symbol.for('mfpg.PluginDescriptor');

/** What a registered implementation declares about itself (listed by `mfpg list`, checked by config). */
export interface PluginDescriptor {
  readonly point: PluginPoint | MonitorPoint;
  /** The name configs use to select it, e.g. `euler-maruyama`. */
  readonly name: string;
  readonly description: string;
  /** Schema of its parameters section (env.params, evaluator.params, backend.params, particles.init less name) or of a metric's or sink's options. */
  readonly params?: ZodType;
}

/** How the implementation is made: a class the container constructs, or a factory. */
export type PluginProvider<T> = { readonly useClass: Newable<T> } | { readonly useFactory: (context: ResolutionContext) => T };

/**
 * Registers an implementation under a name at a plugin point, together with its descriptor.
 * Call it inside a `ContainerModule`: `new ContainerModule((options) => bindPlugin(options, …))`.
 * The container resolves the selected name once per run (singleton).
 */
export function bindPlugin<T>(options: ContainerModuleLoadOptions, descriptor: PluginDescriptor & { readonly point: PluginPoint }, provider: PluginProvider<T>): void {
  const token = PluginPoints[descriptor.point].token as unknown as symbol;
  const binding = options.bind<T>(token);
  const scoped = 'useClass' in provider ? binding.to(provider.useClass) : binding.toDynamicValue(provider.useFactory);
  scoped.inSingletonScope().whenNamed(descriptor.name);
  options.bind<PluginDescriptor>(PluginDescriptor).toConstantValue(descriptor);
}
