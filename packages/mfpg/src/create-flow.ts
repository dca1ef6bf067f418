import { type ConfigOverride, createContainer, FlowEngine, resolveConfig, type RunConfig } from '@mfpg/core';
import type { Container, ContainerModule } from 'inversify';
import { defaultModules } from './default-modules';

export interface CreateFlowOptions {
  /** Dotted overrides, `'regularization.sigma=0.8'` or `{ path, value }`. */
  readonly overrides?: readonly (string | ConfigOverride)[];
  /** Extra modules (your plugins), loaded after the built-in ones. */
  readonly modules?: readonly ContainerModule[];
}

export interface Flow {
  readonly config: RunConfig;
  readonly container: Container;
  readonly engine: FlowEngine;
}

/**
 * A ready-to-run flow from a (partial) config: defaults fill what is missing, everything is
 * validated before any work, and the engine is built from the container.
 *
 * @example
 * const { engine } = createFlow({ particles: { count: 200 } });
 * engine.steps$.subscribe((e) => console.log(e.t, e.value));
 * await engine.run();
 */
export function createFlow(input: unknown = {}, options: CreateFlowOptions = {}): Flow {
  const container = createContainer(resolveConfig(input, options.overrides), [...defaultModules, ...(options.modules ?? [])]);
  const engine = container.get(FlowEngine);
  return { config: engine.config, container, engine };
}
