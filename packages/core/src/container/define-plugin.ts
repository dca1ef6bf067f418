import { ContainerModule, type ResolutionContext, type ServiceIdentifier } from 'inversify';
import { z } from 'zod';
import { RunConfig } from '../config/run-config';
import type { Activation } from '../plugin-points/activation';
import type { Environment } from '../plugin-points/environment';
import type { Evaluator } from '../plugin-points/evaluator';
import type { InitialLaw } from '../plugin-points/initial-law';
import type { Integrator } from '../plugin-points/integrator';
import type { ParameterPrior } from '../plugin-points/parameter-prior';
import type { ParticleBackend } from '../plugin-points/particle-backend';
import type { Unit } from '../plugin-points/unit';
import { bindPlugin, PluginPoints, type SelectedPoint } from './plugin-descriptor';
import { readPluginParams } from './plugin-params';

/** What a plugin's factory may read besides its parameters: the run's config and its other plugins. */
export interface PluginContext {
  /** The run's resolved configuration (defaults filled in, every plugin's parameters validated). */
  readonly config: RunConfig;
  /** Another plugin of the run, by token, e.g. `context.get(Environment)` or `context.get(Unit)`. */
  get<T>(token: ServiceIdentifier<T>): T;
}

/** The schema a helper uses when a plugin declares no parameters: the empty strict object. */
export type NoParamsSchema = z.ZodObject<Record<string, never>, z.core.$strict>;

/** The parameters of a plugin that takes none: always `{}`. */
export type NoParams = z.output<NoParamsSchema>;

/**
 * A plugin with a parameter section in the config (`env.params`, `evaluator.params`,
 * `backend.params`, or the keys beside `particles.init.name`): its name, a description for `mfpg list`, the zod schema of its parameters and
 * the factory that builds it from the parsed parameters.
 */
export interface ParameterizedPlugin<Schema extends z.ZodType, T> {
  /** The name a config selects it by, e.g. `my-env`. */
  readonly name: string;
  /** One line shown by `mfpg list`. */
  readonly description: string;
  /**
   * Schema of the parameter section. A top-level object schema is made strict, so an unknown key
   * is bad input naming it (`env.params.gama`). Absent: the plugin takes no parameters.
   */
  readonly params?: Schema;
  /**
   * Builds the plugin once per run. `params` has passed `params` (defaults applied) before any work,
   * and is typed by it.
   */
  create(params: z.output<Schema>, context: PluginContext): T;
}

/** A plugin of a point whose config field names only the implementation (activation, unit, …). */
export interface SimplePlugin<T> {
  /** The name a config selects it by, e.g. `arctan`. */
  readonly name: string;
  /** One line shown by `mfpg list`. */
  readonly description: string;
  /** Builds the plugin once per run; `params` is always `{}` (these points have no parameter section). */
  create(params: NoParams, context: PluginContext): T;
}

/**
 * Makes a top-level object schema strict (unknown keys are errors); other schemas are kept. Tested by
 * shape rather than `instanceof`, so a schema built with the plugin's own copy of zod counts too.
 */
export function strictParams<Schema extends z.ZodType>(schema: Schema): Schema {
  const candidate = schema as unknown as { def?: { type?: string }; strict?: () => Schema };
  return candidate.def?.type === 'object' && typeof candidate.strict === 'function' ? candidate.strict() : schema;
}

const noParams: NoParamsSchema = z.strictObject({});

function pluginContext(context: ResolutionContext): PluginContext {
  return { config: context.get<RunConfig>(RunConfig), get: <T>(token: ServiceIdentifier<T>) => context.get<T>(token) };
}

function definePlugin<T>(point: SelectedPoint, plugin: { name: string; description: string; params?: z.ZodType; create(params: never, context: PluginContext): T }): ContainerModule {
  const schema = 'paramsField' in PluginPoints[point] ? strictParams(plugin.params ?? noParams) : undefined;
  return new ContainerModule((options) =>
    bindPlugin<T>(
      options,
      { point, name: plugin.name, description: plugin.description, ...(schema && { params: schema }) },
      {
        useFactory: (context) => {
          const run = pluginContext(context);
          // validatePluginSelection has already parsed this section with `schema` (defaults applied).
          return (plugin.create as (params: unknown, context: PluginContext) => T)(readPluginParams(run.config, point), run);
        },
      },
    ),
  );
}

/**
 * An environment (`env.name`) with typed parameters (`env.params`), as a module to load:
 *
 * ```ts
 * export default defineEnvironment({
 *   name: 'my-env',
 *   description: 'a bandit on the circle',
 *   params: z.object({ gamma: z.number().min(0).lt(1).default(0.9) }),
 *   create: ({ gamma }) => new MyEnv(gamma),   // gamma: number
 * });
 * ```
 */
export function defineEnvironment<Schema extends z.ZodType = NoParamsSchema>(plugin: ParameterizedPlugin<Schema, Environment>): ContainerModule {
  return definePlugin('environment', plugin);
}

/** A policy evaluator (`evaluator.name`) with typed parameters (`evaluator.params`). */
export function defineEvaluator<Schema extends z.ZodType = NoParamsSchema>(plugin: ParameterizedPlugin<Schema, Evaluator>): ContainerModule {
  return definePlugin('evaluator', plugin);
}

/** A particle backend (`backend.name`) with typed parameters (`backend.params`). */
export function defineBackend<Schema extends z.ZodType = NoParamsSchema>(plugin: ParameterizedPlugin<Schema, ParticleBackend>): ContainerModule {
  return definePlugin('backend', plugin);
}

/** An activation ϱ (`policy.activation`). */
export function defineActivation(plugin: SimplePlugin<Activation>): ContainerModule {
  return definePlugin('activation', plugin);
}

/** A unit φ(θ, x) (`policy.unit`). */
export function defineUnit(plugin: SimplePlugin<Unit>): ContainerModule {
  return definePlugin('unit', plugin);
}

/** A parameter prior g ∝ e^{−U} (`regularization.prior`). */
export function definePrior(plugin: SimplePlugin<ParameterPrior>): ContainerModule {
  return definePlugin('prior', plugin);
}

/**
 * An initial law ν_0 (`particles.init.name`) with typed parameters: the other keys of `particles.init`.
 *
 * ```ts
 * export default defineInitialLaw({
 *   name: 'point-mass',
 *   description: 'ν_0 = δ_at',
 *   params: z.object({ at: z.number().default(0) }),
 *   create: ({ at }) => ({ name: 'point-mass', sample: (rng, theta) => theta.fill(at) }),
 * });
 * ```
 * selected by `particles.init: { name: point-mass, at: 1.5 }`; an unknown key is bad input naming
 * it (`particles.init.att`).
 */
export function defineInitialLaw<Schema extends z.ZodType = NoParamsSchema>(plugin: ParameterizedPlugin<Schema, InitialLaw>): ContainerModule {
  return definePlugin('initialLaw', plugin);
}

/** An integrator of the particle SDE (`flow.integrator`). */
export function defineIntegrator(plugin: SimplePlugin<Integrator>): ContainerModule {
  return definePlugin('integrator', plugin);
}
