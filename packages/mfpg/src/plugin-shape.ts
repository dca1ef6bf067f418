import { type Environment, PluginError } from '@mfpg/core';

const SPACE_KINDS = ['torus', 'box', 'euclidean', 'finite'];
/**
 * Largest featureDim and space dimension taken: 2^20, far beyond any MDP a grid or Monte Carlo
 * evaluator can handle; a larger declaration is a plugin bug, not a size to estimate memory from.
 */
const LARGEST_DIMENSION = 2 ** 20;
const isCount = (value: unknown, largest = LARGEST_DIMENSION): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= largest;

/** The problem with a declared space, or null when it is well formed. */
function spaceProblem(label: string, space: unknown): string | null {
  const s = space as { kind?: unknown; dim?: unknown; size?: unknown } | null | undefined;
  if (typeof s !== 'object' || s === null) return `${label} is ${String(space)}, not a space { kind, dim }`;
  if (!SPACE_KINDS.includes(s.kind as string)) return `${label}.kind is ${JSON.stringify(s.kind)}, not one of ${SPACE_KINDS.join(', ')}`;
  if (!isCount(s.dim)) return `${label}.dim is ${JSON.stringify(s.dim)}, not an integer in [1, ${LARGEST_DIMENSION}]`;
  if (s.kind === 'finite' && !isCount(s.size, 2 ** 31)) return `${label}.size is ${JSON.stringify(s.size)}, not an integer in [1, 2^31]`;
  return null;
}

/**
 * Checks what an environment declares before anything is sized from it: featureDim a positive
 * integer, well-formed state and action spaces, γ ∈ [0, 1), and the methods every run calls.
 * A bad declaration is a PluginError naming the environment (exit 4), not a crash in an allocation.
 */
export function assertEnvironmentShape(env: Environment, name: string): void {
  const fail = (detail: string) => new PluginError(`environment '${name}'`, detail);
  if (typeof env !== 'object' || env === null) throw fail(`its factory returned ${String(env)}, not an object`);
  if (!isCount(env.featureDim)) throw fail(`featureDim is ${JSON.stringify(env.featureDim)}; it must be a positive integer (the length of x(s, a)), at most ${LARGEST_DIMENSION}`);
  const problem = spaceProblem('stateSpace', env.stateSpace) ?? spaceProblem('actionSpace', env.actionSpace);
  if (problem) throw fail(problem);
  if (!(typeof env.gamma === 'number' && env.gamma >= 0 && env.gamma < 1)) throw fail(`gamma is ${JSON.stringify(env.gamma)}; it must be a number in [0, 1)`);
  for (const method of ['features', 'reward', 'sampleInitialState', 'sampleNextState'] as const) {
    if (typeof env[method] !== 'function') throw fail(`${method} is not a function`);
  }
  if (typeof env.actionMeasure !== 'object' || env.actionMeasure === null) throw fail('actionMeasure is missing (the reference measure μ on actions)');
}

/** Wraps what a plugin threw into a PluginError naming it (ConfigErrors and PluginErrors pass as they are). */
export function asPluginError(plugin: string, where: string, error: unknown): Error {
  if (error instanceof PluginError || (error instanceof Error && error.name === 'ConfigError')) return error;
  return new PluginError(plugin, `${where} threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
}
