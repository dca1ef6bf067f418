import { DenseLuSolver } from '../math/dense-lu-solver';
import { logSumExp } from '../math/log-sum-exp';
import type { SkylineLuSolver } from '../math/skyline-lu-solver';
import { chooseBellmanSolver, GMRES_RESTART, type ResolvedSolver, type SoftBellmanSolverOptions } from './bellman-solver-choice';
import { type DiscreteMdp, expectedNextValue } from './discrete-mdp';
import { RestartedGmres } from './restarted-gmres';

export { DENSE_STATE_LIMIT, type ResolvedSolver, type SoftBellmanSolverOptions } from './bellman-solver-choice';

/**
 * `preconditioned` refactorises once a solve needs more products than this: the earlier
 * factorisation then approximates the current I − γP_π too poorly to pay for itself.
 * (SoftBellmanSolverOptions and the choice of solver: bellman-solver-choice.ts.)
 */
const REFACTOR_PRODUCTS = 12;

/**
 * Exact soft policy evaluation of the softmax policy π_f(a_k|s_i) ∝ ω_k e^{f_ik} on a finite MDP
 * (docs/math.md §1–§3, §5). Every buffer is allocated once in the constructor; `evaluate` allocates
 * nothing and overwrites all fields (S = stateCount, K = actionCount, arrays row-major S×K).
 *
 * Cost per call: O(S²K) to form P_π and Q, plus O(S³) for one LU factorisation (dense solver);
 * O(nnz) per GMRES iteration with a sparse (interpolated) kernel, whose V and d are warm-started
 * from the previous call. Iterative solutions are accurate to ~tolerance·cond(I − γP_π), with
 * cond_∞ ≤ (1+γ)/(1−γ).
 */
export class SoftBellmanSolver {
  /** S×K: ℓ_ik = f_ik − log Z_i, the log-density of π(·|s_i) w.r.t. μ (docs/math.md §2). */
  readonly logPolicy: Float64Array;
  /** S×K: probability masses p_ik = ω_k e^{ℓ_ik}; each row sums to 1. */
  readonly policyMass: Float64Array;
  /** S: KL(π(·|s_i) | μ) = Σ_k p_ik ℓ_ik ≥ 0. */
  readonly klPerState: Float64Array;
  /** S: the soft value V^π(s_i). */
  readonly V: Float64Array;
  /** S×K: the soft Q-function Q^π = r + γPV. */
  readonly Q: Float64Array;
  /**
   * S×K: the soft advantage A^π = Q^π − τℓ − V^π; Σ_k p_ik A_ik = 0 (docs/math.md §1). Set to 0 where
   * p_ik = 0 (an action the policy never takes carries no gradient weight).
   */
  readonly A: Float64Array;
  /** S: the discounted occupancy d^π_ρ = (1−γ) ρ (I − γP_π)^{-1}, a probability vector. */
  readonly occupancy: Float64Array;
  /**
   * S×K: the weight field W_ik = d_i p_ik A_ik / (1−γ) (docs/math.md §3), which is exactly ∂F/∂f_ik
   * on the finite MDP.
   */
  readonly weights: Float64Array;

  /** The solver in use (`auto` resolved). */
  readonly solverKind: ResolvedSolver;
  private readonly logActionWeights: Float64Array;
  /** S×S: I − γP_π (empty with the skyline solver, and when iterative with a sparse kernel). */
  private readonly system: Float64Array;
  /** Sparse kernel only, laid out as mdp.sparseTransition: the entries p_ik·P[(i,k)→j] of P_π. */
  private readonly policyTransition: Float64Array;
  /** S: right-hand sides and scratch. */
  private readonly rhs: Float64Array;
  private readonly solver: DenseLuSolver | undefined;
  private readonly gmres: RestartedGmres | undefined;
  private readonly skyline: SkylineLuSolver | undefined;
  /** Sparse kernel with the skyline solver: the slot of each entry of mdp.sparseTransition in the factor, and of each diagonal entry. */
  private readonly transitionSlots: Int32Array;
  private readonly diagonalSlots: Int32Array;
  private readonly tolerance: number;
  private readonly maxIterations: number;
  private currentValue = Number.NaN;
  /** `preconditioned`: factorise this call's system (first call, or the last solves were slow). */
  private refactorDue = true;

  constructor(
    readonly mdp: DiscreteMdp,
    /** Entropy strength τ > 0 (changed by {@link setTau}). */
    private entropyStrength: number,
    options: SoftBellmanSolverOptions = {},
  ) {
    this.setTau(entropyStrength);
    if (!(mdp.gamma >= 0 && mdp.gamma < 1)) throw new Error(`SoftBellmanSolver: γ must lie in [0, 1), got ${mdp.gamma}`);
    const S = mdp.stateCount;
    const K = mdp.actionCount;
    this.logPolicy = new Float64Array(S * K);
    this.policyMass = new Float64Array(S * K);
    this.klPerState = new Float64Array(S);
    this.V = new Float64Array(S);
    this.Q = new Float64Array(S * K);
    this.A = new Float64Array(S * K);
    this.occupancy = new Float64Array(S);
    this.weights = new Float64Array(S * K);
    this.logActionWeights = mdp.actionWeights.map(Math.log);
    const { solver = 'auto', tolerance = 1e-10, maxIterations = 20_000 } = options;
    this.tolerance = tolerance;
    this.maxIterations = maxIterations;
    const sparse = mdp.sparseTransition;
    const { kind, skyline, transitionSlots, diagonalSlots } = chooseBellmanSolver(mdp, solver);
    this.solverKind = kind;
    this.skyline = skyline;
    this.transitionSlots = transitionSlots;
    this.diagonalSlots = diagonalSlots;
    this.system = new Float64Array(kind === 'dense' || (kind === 'iterative' && sparse === undefined) ? S * S : 0);
    this.policyTransition = new Float64Array(sparse ? sparse.values.length : 0);
    this.rhs = new Float64Array(S);
    this.solver = kind === 'dense' ? new DenseLuSolver(S) : undefined;
    this.gmres = kind === 'iterative' || kind === 'preconditioned' ? new RestartedGmres(S, GMRES_RESTART) : undefined;
  }

  /** Entropy strength τ of the evaluations. */
  get tau(): number {
    return this.entropyStrength;
  }

  /** Sets τ > 0 for the evaluations that follow (a τ schedule). */
  setTau(tau: number): void {
    if (!(Number.isFinite(tau) && tau > 0)) throw new Error(`SoftBellmanSolver: τ must be finite and > 0, got ${tau}`);
    this.entropyStrength = tau;
  }

  /** F = Σ_i ρ_i V_i = ∫ V^π dρ from the last `evaluate` (NaN before the first). */
  get value(): number {
    return this.currentValue;
  }

  /**
   * Evaluates the policy with logits f (S×K, f_ik = f(s_i, a_k)); fills every field and returns F.
   */
  evaluate(f: Float64Array): number {
    const { mdp, tau, logPolicy, policyMass, klPerState, V, Q, A, occupancy, weights, system, rhs, policyTransition } = this;
    const sparse = mdp.sparseTransition;
    const S = mdp.stateCount;
    const K = mdp.actionCount;
    const { gamma, transition, reward, initial } = mdp;
    if (f.length !== S * K) throw new Error(`SoftBellmanSolver: f must have length S·K = ${S * K}, got ${f.length}`);

    // Policy (docs/math.md §2): log Z_i by log-sum-exp, ℓ = f − log Z; masses from log ω + ℓ ≤ 0 so
    // that no exponential overflows. Row i of the system is e_i − γ Σ_k p_ik P[(i,k),·].
    // The skyline factor is assembled at every call (`sparse`), or when it is due (`preconditioned`).
    const skyline = this.solverKind === 'sparse' || this.refactorDue ? this.skyline : undefined;
    system.fill(0);
    skyline?.clear();
    const factorEntries = skyline?.entries;
    for (let i = 0; i < S; i++) {
      const logZ = logSumExp(f, this.logActionWeights, i * K, K);
      let kl = 0;
      let rewardPi = 0;
      for (let k = 0; k < K; k++) {
        const ik = i * K + k;
        const l = f[ik] - logZ;
        const p = Math.exp(this.logActionWeights[k] + l);
        logPolicy[ik] = l;
        policyMass[ik] = p;
        // A zero-mass action contributes nothing (avoids 0·(−∞) when f_ik = −∞).
        if (p > 0) kl += p * l;
        rewardPi += p * reward[ik];
        if (sparse === undefined) {
          const row = ik * S;
          if (skyline !== undefined && factorEntries !== undefined) {
            for (let j = 0; j < S; j++) if (transition[row + j] !== 0) factorEntries[skyline.slotOf(i, j)] -= gamma * p * transition[row + j];
          } else {
            for (let j = 0; j < S; j++) system[i * S + j] -= gamma * p * transition[row + j];
          }
        } else {
          for (let e = ik * sparse.width; e < (ik + 1) * sparse.width; e++) {
            policyTransition[e] = p * sparse.values[e];
            if (system.length > 0) system[i * S + sparse.columns[e]] -= gamma * p * sparse.values[e];
            else if (factorEntries !== undefined) factorEntries[this.transitionSlots[e]] -= gamma * p * sparse.values[e];
          }
        }
      }
      if (system.length > 0) system[i * S + i] += 1;
      if (factorEntries !== undefined) factorEntries[this.diagonalSlots[i]] += 1;
      klPerState[i] = kl;
      rhs[i] = rewardPi - tau * kl;
    }

    // (I − γP_π) V = r_π − τ KL_π (docs/math.md §5); the matrix is strictly diagonally dominant by
    // rows (row sums of γP_π are γ < 1), so the solve is well conditioned: cond_∞ ≤ (1+γ)/(1−γ).
    // Occupancy: d (I − γP_π) = (1−γ) ρ, i.e. (I − γP_π)ᵀ dᵀ = (1−γ) ρᵀ.
    if (this.solver !== undefined) {
      this.solver.factor(system);
      this.solver.solve(rhs, V);
      for (let i = 0; i < S; i++) rhs[i] = (1 - gamma) * initial[i];
      this.solver.solveTransposed(rhs, occupancy);
    } else if (this.solverKind === 'sparse' && skyline !== undefined) {
      skyline.factor();
      skyline.solve(rhs, V);
      for (let i = 0; i < S; i++) rhs[i] = (1 - gamma) * initial[i];
      skyline.solveTransposed(rhs, occupancy);
    } else {
      const gmres = this.gmres as RestartedGmres;
      const preconditioned = this.solverKind === 'preconditioned';
      if (preconditioned && skyline !== undefined) {
        skyline.factor();
        this.refactorDue = false;
      }
      gmres.solve(this.applySystem, rhs, V, this.tolerance, this.maxIterations, preconditioned ? this.applyPreconditioner : undefined);
      let products = gmres.lastIterations;
      for (let i = 0; i < S; i++) rhs[i] = (1 - gamma) * initial[i];
      gmres.solve(this.applySystemTransposed, rhs, occupancy, this.tolerance, this.maxIterations, preconditioned ? this.applyPreconditionerTransposed : undefined);
      products = Math.max(products, gmres.lastIterations);
      if (preconditioned && products > REFACTOR_PRODUCTS) this.refactorDue = true;
    }

    let value = 0;
    for (let i = 0; i < S; i++) value += initial[i] * V[i];
    this.currentValue = value;

    const scale = 1 / (1 - gamma);
    for (let i = 0; i < S; i++) {
      for (let k = 0; k < K; k++) {
        const ik = i * K + k;
        const q = reward[ik] + gamma * expectedNextValue(mdp, ik, V);
        Q[ik] = q;
        // A = Q − τℓ − V; where p_ik = 0 (ℓ = −∞) the advantage is irrelevant and W must be 0.
        const a = policyMass[ik] > 0 ? q - tau * logPolicy[ik] - V[i] : 0;
        A[ik] = a;
        weights[ik] = occupancy[i] * policyMass[ik] * a * scale;
      }
    }
    return value;
  }

  /** out = M⁻¹ x with M the earlier system the skyline factor holds (`preconditioned`). */
  private readonly applyPreconditioner = (x: Float64Array, out: Float64Array): void => {
    (this.skyline as SkylineLuSolver).solve(x, out);
  };

  /** out = M⁻ᵀ x. */
  private readonly applyPreconditionerTransposed = (x: Float64Array, out: Float64Array): void => {
    (this.skyline as SkylineLuSolver).solveTransposed(x, out);
  };

  /** out = (I − γP_π) x, from the dense system or the sparse P_π (GMRES's operator). */
  private readonly applySystem = (x: Float64Array, out: Float64Array): void => {
    const { mdp, system } = this;
    const S = mdp.stateCount;
    const sparse = mdp.sparseTransition;
    if (sparse === undefined || system.length > 0) {
      for (let i = 0; i < S; i++) {
        let sum = 0;
        for (let j = 0; j < S; j++) sum += system[i * S + j] * x[j];
        out[i] = sum;
      }
      return;
    }
    const rowWidth = mdp.actionCount * sparse.width;
    for (let i = 0; i < S; i++) {
      let sum = 0;
      for (let e = i * rowWidth; e < (i + 1) * rowWidth; e++) sum += this.policyTransition[e] * x[sparse.columns[e]];
      out[i] = x[i] - mdp.gamma * sum;
    }
  };

  /** out = (I − γP_π)ᵀ x. */
  private readonly applySystemTransposed = (x: Float64Array, out: Float64Array): void => {
    const { mdp, system } = this;
    const S = mdp.stateCount;
    const sparse = mdp.sparseTransition;
    if (sparse === undefined || system.length > 0) {
      out.fill(0);
      for (let i = 0; i < S; i++) {
        const xi = x[i];
        for (let j = 0; j < S; j++) out[j] += system[i * S + j] * xi;
      }
      return;
    }
    const rowWidth = mdp.actionCount * sparse.width;
    out.set(x);
    for (let i = 0; i < S; i++) {
      const scaled = mdp.gamma * x[i];
      for (let e = i * rowWidth; e < (i + 1) * rowWidth; e++) out[sparse.columns[e]] -= this.policyTransition[e] * scaled;
    }
  };
}

/**
 * @deprecated Renamed {@link SoftBellmanSolver}: it solves the soft Bellman equation on a finite MDP
 * and is no `Evaluator` plugin. This alias keeps existing imports working and goes in the next major.
 */
export const SoftPolicyEvaluator = SoftBellmanSolver;
/** @deprecated Renamed {@link SoftBellmanSolver}. */
export type SoftPolicyEvaluator = SoftBellmanSolver;
/** @deprecated Renamed {@link SoftBellmanSolverOptions}. */
export type SoftPolicyEvaluatorOptions = SoftBellmanSolverOptions;
