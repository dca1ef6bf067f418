import { describe, expect, it } from 'vitest';
import { createRandom } from '../math/random';
import type { Random } from '../plugin-points/random';
import type { DiscreteMdp } from './discrete-mdp';
import { SoftBellmanSolver, SoftPolicyEvaluator } from './soft-bellman-solver';

/** A random finite MDP with non-uniform μ-weights and initial law (nothing symmetric to hide bugs). */
function randomMdp(rng: Random, stateCount: number, actionCount: number, gamma: number): DiscreteMdp {
  const normalize = (v: Float64Array, offset: number, count: number) => {
    let sum = 0;
    for (let j = 0; j < count; j++) sum += v[offset + j];
    for (let j = 0; j < count; j++) v[offset + j] /= sum;
  };
  const transition = new Float64Array(stateCount * actionCount * stateCount).map(() => rng.uniform() ** 3);
  for (let row = 0; row < stateCount * actionCount; row++) normalize(transition, row * stateCount, stateCount);
  const initial = new Float64Array(stateCount).map(() => 0.1 + rng.uniform());
  normalize(initial, 0, stateCount);
  const actionWeights = new Float64Array(actionCount).map(() => 0.1 + rng.uniform());
  normalize(actionWeights, 0, actionCount);
  const reward = new Float64Array(stateCount * actionCount).map(() => rng.normal());
  return { stateCount, actionCount, gamma, transition, reward, initial, actionWeights };
}

function randomLogits(rng: Random, count: number, scale: number): Float64Array {
  return new Float64Array(count).map(() => scale * rng.normal());
}

const S = 6;
const K = 4;
const tau = 0.3;
const gamma = 0.85;
/** cond_∞(I − γP_π) ≤ (1+γ)/(1−γ) ≈ 12.3 bounds how much rounding the linear solves amplify. */
const condition = (1 + gamma) / (1 - gamma);

describe('SoftBellmanSolver', () => {
  const rng = createRandom(11);
  const mdp = randomMdp(rng, S, K, gamma);

  it('returns a normalised policy: Σ_k p_ik = 1, ℓ = log(p/ω), KL_i = Σ_k p_ik ℓ_ik ≥ 0', () => {
    const evaluator = new SoftBellmanSolver(mdp, tau);
    evaluator.evaluate(randomLogits(rng, S * K, 2));
    for (let i = 0; i < S; i++) {
      let mass = 0;
      let kl = 0;
      for (let k = 0; k < K; k++) {
        const p = evaluator.policyMass[i * K + k];
        mass += p;
        kl += p * Math.log(p / mdp.actionWeights[k]);
        expect(Math.abs(evaluator.logPolicy[i * K + k] - Math.log(p / mdp.actionWeights[k]))).toBeLessThan(1e-13); // |ℓ| ≲ 10: a few ulps of it
      }
      expect(Math.abs(mass - 1)).toBeLessThan(4 * K * Number.EPSILON);
      expect(Math.abs(evaluator.klPerState[i] - kl)).toBeLessThan(1e-14);
      expect(evaluator.klPerState[i]).toBeGreaterThanOrEqual(0);
    }
  });

  it('solves the soft Bellman equation: V = Σ_k p (Q − τℓ) with Q = r + γPV (checked by a fixed-point iteration)', () => {
    const evaluator = new SoftBellmanSolver(mdp, tau);
    const f = randomLogits(rng, S * K, 1.5);
    evaluator.evaluate(f);
    // Independent route: iterate V ← Σ_k p_ik (r_ik − τℓ_ik + γ Σ_j P V_j), a γ-contraction, to
    // γ^600 ≈ 1e−42 — no linear algebra shared with the evaluator.
    let V = new Float64Array(S);
    for (let sweep = 0; sweep < 600; sweep++) {
      const next = new Float64Array(S);
      for (let i = 0; i < S; i++) {
        for (let k = 0; k < K; k++) {
          const ik = i * K + k;
          let expected = 0;
          for (let j = 0; j < S; j++) expected += mdp.transition[ik * S + j] * V[j];
          next[i] += evaluator.policyMass[ik] * (mdp.reward[ik] - tau * evaluator.logPolicy[ik] + gamma * expected);
        }
      }
      V = next;
    }
    const scale = Math.max(...V.map(Math.abs));
    // LU backward error S·eps·‖A‖‖V‖ amplified by cond: ≈ 6·2.2e−16·12·scale < 1e−13·scale.
    for (let i = 0; i < S; i++) expect(Math.abs(evaluator.V[i] - V[i])).toBeLessThan(1e-13 * scale);
    let value = 0;
    for (let i = 0; i < S; i++) value += mdp.initial[i] * V[i];
    expect(Math.abs(evaluator.value - value)).toBeLessThan(1e-13 * scale);
    for (let i = 0; i < S; i++) {
      for (let k = 0; k < K; k++) {
        const ik = i * K + k;
        let expected = 0;
        for (let j = 0; j < S; j++) expected += mdp.transition[ik * S + j] * V[j];
        expect(Math.abs(evaluator.Q[ik] - (mdp.reward[ik] + gamma * expected))).toBeLessThan(1e-13 * scale);
        expect(Math.abs(evaluator.A[ik] - (evaluator.Q[ik] - tau * evaluator.logPolicy[ik] - evaluator.V[i]))).toBe(0);
      }
    }
  });

  it('has advantages with zero π-mean to round-off: Σ_k p_ik A_ik = 0 for random f', () => {
    const evaluator = new SoftBellmanSolver(mdp, tau);
    for (let trial = 0; trial < 5; trial++) {
      evaluator.evaluate(randomLogits(rng, S * K, 3));
      for (let i = 0; i < S; i++) {
        let mean = 0;
        let size = 0;
        for (let k = 0; k < K; k++) {
          const ik = i * K + k;
          mean += evaluator.policyMass[ik] * evaluator.A[ik];
          size += evaluator.policyMass[ik] * (Math.abs(evaluator.Q[ik]) + tau * Math.abs(evaluator.logPolicy[ik]));
        }
        // Exact zero is the Bellman equation row i; what remains is the solve's rounding,
        // ≲ cond·S·eps·(the size of the terms).
        expect(Math.abs(mean)).toBeLessThan(condition * S * Number.EPSILON * (size + Math.abs(evaluator.V[i])));
      }
    }
  });

  it('has a probability occupancy equal to (1−γ) Σ_t γ^t ρ P_π^t', () => {
    const evaluator = new SoftBellmanSolver(mdp, tau);
    evaluator.evaluate(randomLogits(rng, S * K, 1));
    const reference = new Float64Array(S);
    let law = Float64Array.from(mdp.initial);
    let discount = 1 - gamma;
    // Truncating the series after 400 terms leaves γ^400 ≈ 5e−29.
    for (let t = 0; t < 400; t++) {
      const next = new Float64Array(S);
      for (let i = 0; i < S; i++) {
        reference[i] += discount * law[i];
        for (let k = 0; k < K; k++) {
          for (let j = 0; j < S; j++) next[j] += law[i] * evaluator.policyMass[i * K + k] * mdp.transition[(i * K + k) * S + j];
        }
      }
      law = next;
      discount *= gamma;
    }
    let total = 0;
    for (let i = 0; i < S; i++) {
      total += evaluator.occupancy[i];
      expect(Math.abs(evaluator.occupancy[i] - reference[i])).toBeLessThan(condition * S * Number.EPSILON);
    }
    expect(Math.abs(total - 1)).toBeLessThan(condition * S * Number.EPSILON);
  });

  it('gives the exact gradient: ∂F/∂f_ik (central differences) = W_ik = d_i p_ik A_ik/(1−γ)', () => {
    const evaluator = new SoftBellmanSolver(mdp, tau);
    const f = randomLogits(rng, S * K, 1);
    evaluator.evaluate(f);
    const W = Float64Array.from(evaluator.weights);
    const h = 1e-5;
    const scale = Math.max(...W.map(Math.abs));
    for (let ik = 0; ik < S * K; ik++) {
      const saved = f[ik];
      f[ik] = saved + h;
      const plus = evaluator.evaluate(f);
      f[ik] = saved - h;
      const minus = evaluator.evaluate(f);
      f[ik] = saved;
      // Truncation h²/6·|∂³F| ≈ 1e−11 and rounding eps·|F|/h ≈ 1e−10: 1e−7 of the field's scale
      // is far above both and far below any error in d, p, A or the 1/(1−γ) factor.
      expect(Math.abs((plus - minus) / (2 * h) - W[ik])).toBeLessThan(1e-7 * scale);
    }
  });

  it('is invariant under f → f + c_i per state and survives huge logits', () => {
    const evaluator = new SoftBellmanSolver(mdp, tau);
    const f = randomLogits(rng, S * K, 1);
    const value = evaluator.evaluate(f);
    const shifted = f.map((x, ik) => x + 800 * (Math.floor(ik / K) - 2.5));
    // exp(800·2.5) overflows; log-sum-exp must not notice the shift.
    const shiftedValue = evaluator.evaluate(shifted);
    expect(Math.abs(shiftedValue - value)).toBeLessThan(1e-12 * Math.abs(value));
  });

  it('resolves `auto`: dense LU for a dense kernel, the skyline LU for a sparse one; `sparse` works on both', () => {
    expect(new SoftBellmanSolver(mdp, tau).solverKind).toBe('dense');
    // The same chain with its kernel in ELLPACK form: every row keeps all S entries.
    const columns = Int32Array.from({ length: S * K * S }, (_, e) => e % S);
    const ellpack: DiscreteMdp = { ...mdp, transition: new Float64Array(0), sparseTransition: { width: S, columns, values: mdp.transition } };
    const auto = new SoftBellmanSolver(ellpack, tau);
    expect(auto.solverKind).toBe('sparse');
    const reference = new SoftBellmanSolver(mdp, tau, { solver: 'dense' });
    const denseSparse = new SoftBellmanSolver(mdp, tau, { solver: 'sparse' });
    expect(denseSparse.solverKind).toBe('sparse');
    expect(() => new SoftBellmanSolver(mdp, tau, { solver: 'preconditioned' })).toThrow(/sparse \(interpolated\) kernel/);
    const f = randomLogits(rng, S * K, 2);
    const expected = reference.evaluate(f);
    for (const evaluator of [auto, denseSparse]) {
      // Two backward-stable LUs of one system: they agree to ≈ cond·S·eps relative.
      expect(Math.abs(evaluator.evaluate(f) - expected)).toBeLessThan(condition * S * Number.EPSILON * Math.abs(expected));
      for (let i = 0; i < S; i++) {
        expect(Math.abs(evaluator.V[i] - reference.V[i])).toBeLessThan(condition * S * Number.EPSILON * Math.max(...reference.V.map(Math.abs)));
        expect(Math.abs(evaluator.occupancy[i] - reference.occupancy[i])).toBeLessThan(condition * S * Number.EPSILON);
      }
    }
  });

  it('rejects τ ≤ 0 and logits of the wrong size', () => {
    expect(() => new SoftBellmanSolver(mdp, 0)).toThrow(/τ/);
    expect(() => new SoftBellmanSolver(mdp, tau).evaluate(new Float64Array(3))).toThrow(/S·K/);
  });
});

describe('SoftPolicyEvaluator (the deprecated name)', () => {
  it('is the same class as SoftBellmanSolver', () => {
    expect(SoftPolicyEvaluator).toBe(SoftBellmanSolver);
  });
});
