import { bindPlugin, type Environment, GaussianMeasure, UniformBoxMeasure, UniformTorusMeasure } from '@mfpg/core';
import { ContainerModule } from 'inversify';
import { CUSTOM_ENVIRONMENT } from './playground-config';

/** What an edited environment's code can use without importing anything. */
const SCOPE = { UniformTorusMeasure, UniformBoxMeasure, GaussianMeasure, TAU: 2 * Math.PI };

/** The members every Environment has (the optional ones are checked where they are used). */
const REQUIRED: readonly (readonly [string, string])[] = [
  ['id', 'string'],
  ['stateSpace', 'object'],
  ['actionSpace', 'object'],
  ['actionMeasure', 'object'],
  ['gamma', 'number'],
  ['featureDim', 'number'],
  ['features', 'function'],
  ['reward', 'function'],
  ['sampleInitialState', 'function'],
  ['sampleNextState', 'function'],
];

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
  const members = environment as Record<string, unknown>;
  const wrong = REQUIRED.filter(([key, type]) => typeof members[key] !== type || members[key] === null);
  if (wrong.length > 0) {
    const list = wrong.map(([key, type]) => `${key} (${type === 'object' ? 'an' : 'a'} ${type}, given ${members[key] === null ? 'null' : typeof members[key]})`).join(', ');
    throw new EnvironmentCodeError(`the returned object is not an Environment: ${list}`);
  }
  return new ContainerModule((options) =>
    bindPlugin(options, { point: 'environment', name: CUSTOM_ENVIRONMENT, description: 'edited in the playground' }, { useFactory: () => environment as Environment }),
  );
}
