import { ConfigError, createRandom, DEFAULT_MAX_MEMORY_BYTES, type Environment, formatBytes, type Random } from '@mfpg/core';
import type { TrainedPolicy } from './trained-policy';

/** Discounted soft values are summed until γᵗ falls below this (the neglected tail is ≤ this·sup|r − τℓ|/(1−γ)). */
const DISCOUNT_TAIL = 1e-6;
/** Without a declared episode length, episodes are truncated where γᵗ < this. */
const DEFAULT_TRUNCATION_DISCOUNT = 1e-3;

export interface RolloutOptions {
  /** Episodes K ≥ 1 for the undiscounted return. */
  readonly episodes: number;
  /** `mode`: the most likely action; `sample`: a ~ π(·|s). */
  readonly mode: 'mode' | 'sample';
  /** Seed of ρ's draws, the sampled actions and stochastic steps. */
  readonly seed: number;
  /** Truncation of the return episodes; default the environment's `episodeSteps`. */
  readonly maxSteps?: number;
  /** Trajectories of the Monte Carlo soft value (sampled actions); default `episodes`; 0: none. */
  readonly valueEpisodes?: number;
}

/** Mean and standard error of a sample. */
export interface Estimate {
  readonly mean: number;
  readonly standardError: number;
  readonly count: number;
}

export interface RolloutResult {
  readonly mode: 'mode' | 'sample';
  readonly seed: number;
  readonly maxSteps: number;
  /** Each episode's undiscounted return Σ r_t. */
  readonly returns: number[];
  readonly meanReturn: Estimate;
  /** Each episode's length (steps until termination or truncation). */
  readonly lengths: number[];
  /** Episodes that ended in a terminal state. */
  readonly terminated: number;
  /**
   * The Monte Carlo estimate of the soft value ∫ V^π dρ = E[Σ_t γᵗ (r_t − τ log dπ/dμ(a_t|s_t))]
   * with a_t ~ π, summed to `horizon` steps or termination; null when valueEpisodes = 0.
   */
  readonly softValue: (Estimate & { readonly horizon: number }) | null;
}

/**
 * Rolls out a trained policy with the environment's own step (`nextState`, else `sampleNextState`)
 * and Gymnasium's episode rules (docs/control.md): s_0 ~ ρ, episodes end when `isTerminal(s_{t+1})`
 * (the reward of that step counts) or are truncated after `maxSteps` (Pendulum-v1 200,
 * MountainCarContinuous-v0 999). All episodes run in lockstep, one batched network call per step.
 * Deterministic for a seed: the return episodes draw ρ (K draws), then per step one uniform per
 * episode when sampling and the stochastic steps in episode order; the soft-value trajectories then
 * continue the same stream.
 */
export async function rollout(policy: TrainedPolicy, options: RolloutOptions): Promise<RolloutResult> {
  const env = policy.env;
  checkRolloutOptions(env, options);
  const rng = createRandom(options.seed);
  const maxSteps = options.maxSteps ?? env.episodeSteps ?? discountHorizon(env.gamma, DEFAULT_TRUNCATION_DISCOUNT);
  const valueEpisodes = options.valueEpisodes ?? options.episodes;
  checkBatchMemory(policy, '--episodes', options.episodes);
  checkBatchMemory(policy, '--value-episodes', valueEpisodes);
  const episodes = await runEpisodes(policy, rng, options.episodes, maxSteps, options.mode, 1);
  let softValue: RolloutResult['softValue'] = null;
  if (valueEpisodes > 0) {
    const horizon = discountHorizon(env.gamma, DISCOUNT_TAIL);
    const values = await runEpisodes(policy, rng, valueEpisodes, horizon, 'sample', env.gamma);
    softValue = { ...estimate(values.soft), horizon };
  }
  return {
    mode: options.mode,
    seed: options.seed,
    maxSteps,
    returns: Array.from(episodes.plain),
    meanReturn: estimate(episodes.plain),
    lengths: Array.from(episodes.lengths),
    terminated: episodes.terminated,
    softValue,
  };
}

/** Bad rollout requests (exit 2 from the CLI): K ≤ 0, truncation ≤ 0, an environment without a step. */
export function checkRolloutOptions(env: Environment, options: RolloutOptions): void {
  if (!(Number.isInteger(options.episodes) && options.episodes >= 1)) throw ConfigError.of('--episodes', options.episodes, 'an integer ≥ 1');
  if (options.mode !== 'mode' && options.mode !== 'sample') throw ConfigError.of('--mode', options.mode, 'mode or sample');
  if (!(Number.isInteger(options.seed) && options.seed >= 0 && options.seed < 2 ** 32)) throw ConfigError.of('--seed', options.seed, 'an integer in [0, 2³²)');
  if (options.maxSteps !== undefined && !(Number.isInteger(options.maxSteps) && options.maxSteps >= 1)) throw ConfigError.of('--max-steps', options.maxSteps, 'an integer ≥ 1');
  if (options.valueEpisodes !== undefined && !(Number.isInteger(options.valueEpisodes) && options.valueEpisodes >= 0)) {
    throw ConfigError.of('--value-episodes', options.valueEpisodes, 'an integer ≥ 0');
  }
  if (typeof env.nextState !== 'function' && typeof env.sampleNextState !== 'function') {
    throw ConfigError.of('env.name', env.id, 'an environment with a step (nextState or sampleNextState) to roll out');
  }
}

/**
 * Episodes run in lockstep, so the network is evaluated on every episode's state at every action
 * node at once: count × G × (p + 1) doubles (features and logits). Too many episodes are refused
 * before any work instead of failing when the buffer is allocated.
 */
function checkBatchMemory(policy: TrainedPolicy, option: string, count: number): void {
  const bytes = count * policy.actionNodes.count * (policy.env.featureDim + 1) * Float64Array.BYTES_PER_ELEMENT;
  if (bytes > DEFAULT_MAX_MEMORY_BYTES) {
    throw ConfigError.of(option, count, `at most ${Math.floor((count * DEFAULT_MAX_MEMORY_BYTES) / bytes)} episodes here: they run in lockstep and ${count} would need ${formatBytes(bytes)} (over ${formatBytes(DEFAULT_MAX_MEMORY_BYTES)}) for ${policy.actionNodes.count} action nodes × ${policy.env.featureDim + 1} numbers each`);
  }
}

/** The smallest t with γᵗ < tail (at least 1). */
function discountHorizon(gamma: number, tail: number): number {
  return gamma <= 0 ? 1 : Math.max(1, Math.ceil(Math.log(tail) / Math.log(gamma)));
}

interface EpisodeTotals {
  /** Undiscounted returns Σ r_t. */
  readonly plain: Float64Array;
  /** Discounted soft returns Σ γᵗ (r_t − τ ℓ_t) (sampled actions only). */
  readonly soft: Float64Array;
  readonly lengths: Int32Array;
  readonly terminated: number;
}

async function runEpisodes(policy: TrainedPolicy, rng: Random, count: number, maxSteps: number, mode: 'mode' | 'sample', gamma: number): Promise<EpisodeTotals> {
  const env = policy.env;
  const dS = policy.stateDim;
  const dA = policy.actionDim;
  const states = new Float64Array(count * dS);
  const actions = new Float64Array(count * dA);
  const logDensities = new Float64Array(count);
  const next = new Float64Array(dS);
  const plain = new Float64Array(count);
  const soft = new Float64Array(count);
  const lengths = new Int32Array(count);
  const active = new Uint8Array(count).fill(1);
  let activeCount = count;
  let terminated = 0;
  for (let e = 0; e < count; e++) env.sampleInitialState(rng, states.subarray(e * dS, (e + 1) * dS));
  let discount = 1;
  for (let t = 0; t < maxSteps && activeCount > 0; t++) {
    if (mode === 'sample') await policy.sampleBatch(states, count, rng, actions, logDensities);
    else await policy.modeBatch(states, count, actions);
    for (let e = 0; e < count; e++) {
      if (!active[e]) continue;
      const s = states.subarray(e * dS, (e + 1) * dS);
      const a = actions.subarray(e * dA, (e + 1) * dA);
      const r = env.reward(s, a);
      plain[e] += r;
      soft[e] += discount * (r - (mode === 'sample' ? policy.tau * logDensities[e] : 0));
      if (env.nextState) env.nextState(s, a, next);
      else env.sampleNextState(s, a, rng, next);
      s.set(next);
      lengths[e] = t + 1;
      if (env.isTerminal?.(next)) {
        active[e] = 0;
        activeCount--;
        terminated++;
      }
    }
    discount *= gamma;
  }
  return { plain, soft, lengths, terminated };
}

function estimate(values: Float64Array): Estimate {
  const n = values.length;
  let mean = 0;
  for (const v of values) mean += v / n;
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  const standardError = n > 1 ? Math.sqrt(squares / (n - 1) / n) : Number.NaN;
  return { mean, standardError, count: n };
}
