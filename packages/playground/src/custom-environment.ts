import { bindPlugin, type Environment, GaussianMeasure, UniformBoxMeasure, UniformTorusMeasure } from '@mfpg/core';
import { ContainerModule } from 'inversify';
import { CUSTOM_ENVIRONMENT } from './playground-config';

/** What an edited environment's code can use without importing anything. */
const SCOPE = { UniformTorusMeasure, UniformBoxMeasure, GaussianMeasure, TAU: 2 * Math.PI };

/** An edited environment that does not compile or run: shown next to the code. */
export class EnvironmentCodeError extends Error {
  override readonly name = 'EnvironmentCodeError';
}

/**
 * Runs the edited code (a function body returning an Environment) and registers the result as the
 * environment `custom`. Syntax errors and throws are EnvironmentCodeErrors; what the object does
 * wrong as an MDP is found by the engine's own checks (guardEnvironment, grid discretisation),
 * which name the environment.
 */
export function customEnvironmentModule(code: string): ContainerModule {
  let build: (...values: unknown[]) => unknown;
  try {
    build = new Function(...Object.keys(SCOPE), `"use strict";\n${code}`) as typeof build;
  } catch (error) {
    throw new EnvironmentCodeError(`the code does not compile: ${(error as Error).message}`);
  }
  let environment: unknown;
  try {
    environment = build(...Object.values(SCOPE));
  } catch (error) {
    throw new EnvironmentCodeError(`the code threw: ${(error as Error).message}`);
  }
  if (typeof environment !== 'object' || environment === null) {
    throw new EnvironmentCodeError(`the code must return an Environment object, it returned ${String(environment)}`);
  }
  return new ContainerModule((options) =>
    bindPlugin(options, { point: 'environment', name: CUSTOM_ENVIRONMENT, description: 'edited in the playground' }, { useFactory: () => environment as Environment }),
  );
}
