import type { Environment } from '../plugin-points/environment';
import type { PointSet } from '../plugin-points/point-set';
import type { Random } from '../plugin-points/random';
import type { Space } from '../plugin-points/space';
import { inSpace } from './space-membership';

/** Sizes of a {@link ProbeSet}. */
export interface ProbeSetOptions {
  /** States drawn from ρ, actions from μ and one transition from each: the probed (s, a). */
  readonly samples: number;
  /** (s, a) pairs whose transition density is integrated (and compared with the sampler). */
  readonly pairs: number;
  /** Draws per moment check and per importance-sampling integral; 0: no importance sampling (euclidean densities are skipped). */
  readonly momentSamples: number;
  /** Allowed |∫p − 1| beyond the integral's own error estimate. */
  readonly tolerance: number;
}

/** What the environment computed on a quadrature grid (the grid evaluator's), checked entry by entry. */
export interface GridProbes {
  /** S×K rewards r(s_i, a_k), row-major. */
  readonly reward?: Float64Array;
  readonly actionCount?: number;
  /** M = S·K feature vectors. */
  readonly points?: PointSet;
}

/**
 * Everything the environment checks look at, drawn once (Gymnasium's env_checker: one probe set,
 * many checks): states s_n ~ ρ, actions a_n ~ μ, s'_n ~ P(·|s_n, a_n), the probed (s, a) — each
 * (s_n, a_n) followed by (s'_n, a_n) when s'_n lies in S — and `rng`, positioned after these draws,
 * for the checks that sample (importance sampling, moments, the determinism replay).
 */
export interface ProbeSet {
  readonly env: Environment;
  readonly rng: Random;
  readonly options: ProbeSetOptions;
  readonly states: readonly Float64Array[];
  readonly actions: readonly Float64Array[];
  readonly nextStates: readonly Float64Array[];
  /** What a sampler threw while the probes were drawn, for the check of that sampler to report. */
  readonly samplerErrors: { readonly initial?: string; readonly action?: string; readonly next?: string };
  readonly points: readonly (readonly [Float64Array, Float64Array])[];
  /** The first `options.pairs` probed points, whose densities are integrated. */
  readonly pairs: readonly (readonly [Float64Array, Float64Array])[];
  readonly grid?: GridProbes;
}

/**
 * Draws the probe set from `rng`: ρ `samples` times, then μ, then one transition per state (in
 * that order, so a seed gives the same probes whatever the checks do). A sampler that throws stops
 * its own draws; its message is kept in `samplerErrors`.
 */
export function buildProbeSet(env: Environment, rng: Random, options: ProbeSetOptions, grid?: GridProbes): ProbeSet {
  const samplerErrors: { initial?: string; action?: string; next?: string } = {};
  const draw = (count: number, dim: number, key: keyof typeof samplerErrors, sample: (out: Float64Array, n: number) => void) => {
    const drawn: Float64Array[] = [];
    try {
      for (let n = 0; n < count; n++) {
        const out = new Float64Array(dim);
        sample(out, n);
        drawn.push(out);
      }
    } catch (error) {
      samplerErrors[key] = `threw ${(error as Error).message}`;
    }
    return drawn;
  };
  const dS = env.stateSpace.dim;
  const states = draw(options.samples, dS, 'initial', (out) => env.sampleInitialState(rng, out));
  const actions = draw(states.length, env.actionSpace.dim, 'action', (out) => env.actionMeasure.sample(rng, out, 0));
  const nextStates = draw(Math.min(states.length, actions.length), dS, 'next', (out, n) => env.sampleNextState(states[n], actions[n], rng, out));
  const points: [Float64Array, Float64Array][] = [];
  for (let n = 0; n < actions.length; n++) {
    points.push([states[n], actions[n]]);
    if (n < nextStates.length && inSpace(env.stateSpace, nextStates[n])) points.push([nextStates[n], actions[n]]);
  }
  return { env, rng, options, states, actions, nextStates, samplerErrors, points, pairs: points.slice(0, options.pairs), grid };
}

/** Numbers in check details: fixed point in [1e-3, 1e4), else exponent notation. */
export const fmt = (x: number) => (Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4 ? x.toFixed(5) : x.toExponential(3));

export function describeSpace(space: Space): string {
  switch (space.kind) {
    case 'torus':
      return `the torus [0,1)^${space.dim}`;
    case 'box':
      return `the box [${space.low}]–[${space.high}]`;
    case 'finite':
      return `{0, …, ${space.size - 1}}`;
    case 'euclidean':
      return `R^${space.dim} (finite coordinates)`;
  }
}
