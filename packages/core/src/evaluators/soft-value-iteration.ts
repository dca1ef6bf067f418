import { logSumExp } from '../math/log-sum-exp';
import { type DiscreteMdp, expectedNextValue } from './discrete-mdp';

/** Smallest change, in ulps of ‖V‖∞, that the stopping test demands (see softValueIteration). */
const ROUNDING_FLOOR = 16;

function supNorm(v: Float64Array): number {
  let norm = 0;
  for (let i = 0; i < v.length; i++) norm = Math.max(norm, Math.abs(v[i]));
  return norm;
}

/** The soft optimum of a finite MDP (docs/math.md §1). */
export interface SoftOptimum {
  /** S: V*(s_i). */
  readonly V: Float64Array;
  /** S×K: Q*(s_i, a_k) = r + γPV*. */
  readonly Q: Float64Array;
  /** S×K: ℓ*_ik = (Q*_ik − V*_i)/τ, the log-density of π* w.r.t. μ (Σ_k ω_k e^{ℓ*_ik} = 1). */
  readonly logPolicy: Float64Array;
  /** Bellman updates performed. */
  readonly iterations: number;
}

export interface SoftValueIterationOptions {
  /** Target sup-norm error of V (absolute); default 1e-13. */
  readonly tolerance?: number;
  /** Give up (throw) after this many updates; default 100000. */
  readonly maxIterations?: number;
}

/**
 * Soft value iteration V ← τ log Σ_k ω_k exp(Q_ik/τ), Q = r + γPV (docs/math.md §1), from V = 0: an
 * independent reference for the optimum that shares no code with policy evaluation except the
 * log-sum-exp. The soft Bellman operator is a γ-contraction in sup-norm, so once an update
 * changes V by less than tolerance·(1−γ), the fixed point is within γ·tolerance < tolerance
 * (‖V_n − V*‖ ≤ γ/(1−γ) ‖V_n − V_{n−1}‖). Rounding makes changes below ~eps·‖V‖∞ unreachable, so
 * the change demanded is never below 16·eps·‖V‖∞; the bound is then γ/(1−γ)·16·eps·‖V‖∞
 * (e.g. ≈ 3.5e−11 for γ = 0.99, ‖V‖∞ = 100), which no floating-point iteration can beat by much.
 */
export function softValueIteration(mdp: DiscreteMdp, tau: number, options: SoftValueIterationOptions = {}): SoftOptimum {
  const { tolerance = 1e-13, maxIterations = 100_000 } = options;
  if (!(Number.isFinite(tau) && tau > 0)) throw new Error(`softValueIteration: τ must be finite and > 0, got ${tau}`);
  const { stateCount: S, actionCount: K, gamma, reward } = mdp;
  if (!(gamma >= 0 && gamma < 1)) throw new Error(`softValueIteration: γ must lie in [0, 1), got ${gamma}`);
  const logActionWeights = mdp.actionWeights.map(Math.log);
  const V = new Float64Array(S);
  const Q = new Float64Array(S * K);
  const scaledQ = new Float64Array(K);
  const requested = tolerance * (1 - gamma);

  // One Bellman update: Q from V, then V from Q; returns the sup-norm change of V.
  const update = (): number => {
    for (let ik = 0; ik < S * K; ik++) Q[ik] = reward[ik] + gamma * expectedNextValue(mdp, ik, V);
    let change = 0;
    for (let i = 0; i < S; i++) {
      for (let k = 0; k < K; k++) scaledQ[k] = Q[i * K + k] / tau;
      const next = tau * logSumExp(scaledQ, logActionWeights);
      change = Math.max(change, Math.abs(next - V[i]));
      V[i] = next;
    }
    return change;
  };

  let iterations = 0;
  let change = Infinity;
  let threshold = requested;
  while (!(change < threshold)) {
    if (iterations >= maxIterations) {
      throw new Error(
        `softValueIteration: no convergence after ${iterations} iterations (last change ${change}, ` +
          `needed < ${threshold})`,
      );
    }
    change = update();
    iterations++;
    // Each update rounds V by a few ulps, so changes cannot fall much below eps·‖V‖∞: never ask for
    // less than ROUNDING_FLOOR ulps (matters for γ → 1, where tolerance·(1−γ) is tiny).
    threshold = Math.max(requested, ROUNDING_FLOOR * Number.EPSILON * supNorm(V));
  }

  // Q and ℓ* from the final V, so that Σ_k ω_k e^{ℓ*_ik} = 1 up to rounding: V_i is the
  // log-sum-exp of exactly these Q_i·/τ.
  const logPolicy = new Float64Array(S * K);
  update();
  for (let i = 0; i < S; i++) {
    for (let k = 0; k < K; k++) logPolicy[i * K + k] = (Q[i * K + k] - V[i]) / tau;
  }
  return { V, Q, logPolicy, iterations: iterations + 1 };
}
