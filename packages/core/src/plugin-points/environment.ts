import type { QuadratureRule } from './quadrature-rule';
import type { Random } from './random';
import type { ReferenceMeasure } from './reference-measure';
import type { Space } from './space';

export const Environment = Symbol.for('mfpg.Environment');

/**
 * The embedding x(s,a) = [ψ_S(s), ψ_A(a)] when it is a concatenation of a state part and an
 * action part. Declaring it lets backends exploit tensor-product grids
 * (w·x + b = (w_S·ψ_S(s) + b) + w_A·ψ_A(a)).
 */
export interface SeparableFeatures {
  readonly stateDim: number;
  readonly actionDim: number;
  state(s: ArrayLike<number>, out: Float64Array, offset: number): void;
  action(a: ArrayLike<number>, out: Float64Array, offset: number): void;
}

/**
 * An entropy-regularised MDP with continuous (or finite) state and action spaces (docs/math.md §1).
 * Rewards are maximised. Randomness is always passed in explicitly.
 *
 * States and actions are passed as arrays of length stateSpace.dim / actionSpace.dim.
 */
export interface Environment {
  /** Versioned name, e.g. `controlled-torus`. */
  readonly id: string;
  readonly stateSpace: Space;
  readonly actionSpace: Space;
  /** μ, the reference measure on actions. */
  readonly actionMeasure: ReferenceMeasure;
  /** Discount factor γ ∈ [0, 1). */
  readonly gamma: number;
  /** Length p of the feature vector x(s,a). */
  readonly featureDim: number;
  /** Writes x(s,a) ∈ R^p into out[offset … offset+p). */
  features(s: ArrayLike<number>, a: ArrayLike<number>, out: Float64Array, offset: number): void;
  /** Present when x(s,a) = [ψ_S(s), ψ_A(a)]; must agree with `features`. */
  readonly separableFeatures?: SeparableFeatures;
  /** Bounded reward r(s,a). */
  reward(s: ArrayLike<number>, a: ArrayLike<number>): number;
  /** Draws s_0 ~ ρ into out. */
  sampleInitialState(rng: Random, out: Float64Array): void;
  /** Draws s' ~ P(·|s,a) into out. */
  sampleNextState(s: ArrayLike<number>, a: ArrayLike<number>, rng: Random, out: Float64Array): void;
  /** Density of ρ w.r.t. Lebesgue (counting on finite spaces); needed by grid evaluation. */
  initialDensity?(s: ArrayLike<number>): number;
  /** Density of P(·|s,a) at s' w.r.t. Lebesgue (counting on finite spaces); needed by grid evaluation. */
  transitionDensity?(s: ArrayLike<number>, a: ArrayLike<number>, next: ArrayLike<number>): number;
  /**
   * Deterministic dynamics s' = T(s,a), written into out (P(·|s,a) = δ_{T(s,a)}). Declared instead of
   * `transitionDensity` by deterministic environments; grid evaluation then uses multilinear
   * interpolation weights of T(s_i,a_k) on the state grid (docs/math.md §5, §8).
   */
  nextState?(s: ArrayLike<number>, a: ArrayLike<number>, out: Float64Array): void;
  /**
   * Per state coordinate of a box state space: its period (e.g. 2π for an angle) when the
   * coordinate is periodic, 0 otherwise. Interpolated kernels wrap periodic coordinates and clip
   * the others to the box. Absent: no periodic coordinate.
   */
  readonly statePeriods?: readonly number[];
  /**
   * A quadrature rule for ρ itself (nodes in S, weights summing to 1), for initial laws without a
   * density, e.g. MountainCar's x ~ U[−0.6, −0.4], v = 0. Used with `nextState` instead of
   * `initialDensity`: each node is spread on the state grid by interpolation weights.
   */
  initialQuadrature?(nodesPerDim: number): QuadratureRule;
  /**
   * Terminal (absorbing) states: an episode that reaches one ends there — no reward and no entropy
   * cost afterwards, as in Gymnasium's `terminated` (docs/math.md §8). The reward of the step that
   * reaches it is still collected. Grid evaluation routes every transition weight landing on a
   * terminal point to one exact absorbing state of value 0; rollouts stop there. Absent: none.
   */
  isTerminal?(s: ArrayLike<number>): boolean;
  /**
   * The episode length of the task this environment reproduces (Gymnasium's TimeLimit
   * `max_episode_steps`, e.g. 200 for Pendulum-v1): `mfpg rollout` truncates its episodes there.
   * Absent: the rollout's `--max-steps`, else the horizon where γᵗ < 1e-3.
   */
  readonly episodeSteps?: number;
  /**
   * An upper bound on every discounted value Σ γᵗ r_t the rewards allow, when tighter than
   * max r/(1−γ) (e.g. a goal reward collected once); `check-env` tests that no grid value exceeds it.
   */
  readonly valueBound?: number;
  /**
   * Per feature coordinate, a scale the features are divided by, for environments whose features
   * live on very different scales (a prior with one scale s0 treats every coordinate alike).
   * Applied by the environment inside `features` itself; declared so users and docs can see it.
   */
  readonly featureScales?: readonly number[];
  /** Grid sizes (nodes per dimension) suggested for grid evaluation when the config gives none. */
  readonly defaultGrid?: { readonly states: number; readonly actions: number };
}
