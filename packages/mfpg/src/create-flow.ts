import {
  checkResourceLimits,
  type ConfigOverride,
  createContainer,
  DEFAULT_RESOURCE_LIMITS,
  Environment,
  FlowEngine,
  type ResourceLimits,
  resolveConfig,
  RunConfig,
  Unit,
} from '@mfpg/core';
import type { Container, ContainerModule } from 'inversify';
import { defaultModules } from './default-modules';
import { asPluginError, assertEnvironmentShape } from './plugin-shape';

export interface CreateFlowOptions {
  /** Dotted overrides, `'regularization.sigma=0.8'` or `{ path, value }`. */
  readonly overrides?: readonly (string | ConfigOverride)[];
  /** Extra modules (your plugins), loaded after the built-in ones. */
  readonly modules?: readonly ContainerModule[];
  /** Memory and step limits checked before anything is allocated (default {@link DEFAULT_RESOURCE_LIMITS}). */
  readonly limits?: ResourceLimits;
}

export interface Flow {
  readonly config: RunConfig;
  readonly container: Container;
  readonly engine: FlowEngine;
}

/**
 * A ready-to-run flow from a (partial) config: defaults fill what is missing, everything is
 * validated before any work, and the engine is built from the container. Sizes beyond `limits`
 * are ConfigErrors naming the field and the estimate; an environment whose constructor throws or
 * whose declaration is invalid (featureDim not a positive integer, …) is a PluginError naming it.
 *
 * @example
 * const { engine } = createFlow({ particles: { count: 200 } });
 * engine.steps$.subscribe((e) => console.log(e.t, e.value));
 * await engine.run();
 */
export function createFlow(input: unknown = {}, options: CreateFlowOptions = {}): Flow {
  const limits = options.limits ?? DEFAULT_RESOURCE_LIMITS;
  const requested = resolveConfig(input, options.overrides);
  // A lower bound first, before any plugin builds anything (1e9 particles fail here, not in an allocation).
  checkResourceLimits(requested, limits);
  const container = createContainer(requested, [...defaultModules, ...(options.modules ?? [])]);
  const envName = requested.env.name;
  let env: Environment;
  try {
    env = container.get<Environment>(Environment);
  } catch (error) {
    throw asPluginError(`environment '${envName}'`, 'its constructor', error);
  }
  assertEnvironmentShape(env, envName);
  const unit = container.get<Unit>(Unit);
  const config = container.get<RunConfig>(RunConfig);
  checkResourceLimits(config, limits, {
    stateSpace: env.stateSpace,
    actionSpace: env.actionSpace,
    featureDim: env.featureDim,
    parameterDim: unit.parameterDim(env.featureDim),
    denseKernel: env.transitionDensity !== undefined || env.nextState === undefined,
    defaultGrid: env.defaultGrid,
  });
  const engine = container.get(FlowEngine);
  return { config: engine.config, container, engine };
}
