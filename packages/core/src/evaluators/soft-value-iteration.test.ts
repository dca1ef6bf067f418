import { describe, expect, it } from 'vitest';
import { logSumExp } from '../math/log-sum-exp';
import type { DiscreteMdp } from './discrete-mdp';
import { SoftBellmanSolver } from './soft-bellman-solver';
import { softValueIteration } from './soft-value-iteration';

/**
 * A 3-state, 2-action MDP with unequal μ-weights; written out so the test does not depend on a
 * random generator.
 */
function smallMdp(gamma: number): DiscreteMdp {
  return {
    stateCount: 3,
    actionCount: 2,
    gamma,
    transition: Float64Array.from([
      // s0: a0, a1
      0.7, 0.2, 0.1, 0.1, 0.1, 0.8,
      // s1
      0.3, 0.3, 0.4, 0.0, 0.5, 0.5,
      // s2
      0.2, 0.6, 0.2, 0.9, 0.05, 0.05,
    ]),
    reward: Float64Array.from([1, -0.5, 0.2, 0.4, -1, 2]),
    initial: Float64Array.from([0.5, 0.3, 0.2]),
    actionWeights: Float64Array.from([0.35, 0.65]),
  };
}

describe('softValueIteration', () => {
  const tau = 0.5;

  it('with γ = 0 returns V* = τ log Σ_k ω_k e^{r/τ} after one update', () => {
    const mdp = smallMdp(0);
    const { V, logPolicy } = softValueIteration(mdp, tau);
    for (let i = 0; i < 3; i++) {
      const expected = tau * Math.log(0.35 * Math.exp(mdp.reward[2 * i] / tau) + 0.65 * Math.exp(mdp.reward[2 * i + 1] / tau));
      expect(Math.abs(V[i] - expected)).toBeLessThan(4e-15); // a few ulps of |V| ≲ 2
      expect(Math.abs(logPolicy[2 * i] - (mdp.reward[2 * i] - expected) / tau)).toBeLessThan(1e-14);
    }
  });

  it('satisfies the soft Bellman optimality equation and normalises π*', () => {
    const mdp = smallMdp(0.9);
    const { V, Q, logPolicy } = softValueIteration(mdp, tau);
    for (let i = 0; i < 3; i++) {
      const scaled = [Q[2 * i] / tau, Q[2 * i + 1] / tau];
      // V* = τ log Σ ω e^{Q*/τ}: the convergence test guarantees ‖V − V*‖ < 1e−13 (γ-contraction).
      expect(Math.abs(V[i] - tau * logSumExp(scaled, [Math.log(0.35), Math.log(0.65)]))).toBeLessThan(1e-13);
      for (let k = 0; k < 2; k++) {
        let next = 0;
        for (let j = 0; j < 3; j++) next += mdp.transition[(2 * i + k) * 3 + j] * V[j];
        expect(Math.abs(Q[2 * i + k] - (mdp.reward[2 * i + k] + 0.9 * next))).toBeLessThan(1e-13);
      }
      const mass = 0.35 * Math.exp(logPolicy[2 * i]) + 0.65 * Math.exp(logPolicy[2 * i + 1]);
      expect(Math.abs(mass - 1)).toBeLessThan(4 * Number.EPSILON);
    }
  });

  it('dominates every policy, with equality for π* itself (policy evaluation ∘ optimum)', () => {
    const mdp = smallMdp(0.9);
    const optimum = softValueIteration(mdp, tau);
    const evaluator = new SoftBellmanSolver(mdp, tau);
    evaluator.evaluate(optimum.logPolicy);
    // VI error < 1e−13 plus the solve's rounding (cond ≤ 19, |V| ≲ 20): 1e−12.
    for (let i = 0; i < 3; i++) expect(Math.abs(evaluator.V[i] - optimum.V[i])).toBeLessThan(1e-12);
    for (const f of [
      [0, 0, 0, 0, 0, 0],
      [1, -1, 0.5, 2, -3, 0],
      [-2, 2, 1, 1, 0.3, -0.3],
    ]) {
      evaluator.evaluate(Float64Array.from(f));
      // Strictly below: the optimum is unique and these logits differ from ℓ* in every state.
      for (let i = 0; i < 3; i++) expect(evaluator.V[i]).toBeLessThan(optimum.V[i] - 1e-6);
    }
  });

  it('throws when maxIterations is too small for the tolerance', () => {
    expect(() => softValueIteration(smallMdp(0.9), tau, { maxIterations: 10 })).toThrow(/no convergence/);
  });
});
