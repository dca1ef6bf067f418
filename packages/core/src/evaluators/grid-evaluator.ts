import { z } from 'zod';
import type { Environment } from '../plugin-points/environment';
import type { Evaluator, PolicyEvaluation, PolicyNetwork } from '../plugin-points/evaluator';
import type { Random } from '../plugin-points/random';
import { discretizeEnvironment, type DiscretizedEnvironment } from './discretize-environment';
import { SoftBellmanSolver, type SoftBellmanSolverOptions } from './soft-bellman-solver';

/** `evaluator.params` of the grid evaluator. */
export const GridEvaluatorParams = z
  .object({
    /**
     * Linear solver: dense LU, sparse (skyline) LU, warm-started GMRES preconditioned by an earlier
     * skyline LU, plain warm-started GMRES, or `auto` (see SoftBellmanSolverOptions.solver).
     */
    solver: z
      .enum(['auto', 'dense', 'sparse', 'preconditioned', 'iterative'], { error: 'auto, dense, sparse, preconditioned or iterative' })
      .default('auto'),
  })
  .strict();
export type GridEvaluatorParams = z.infer<typeof GridEvaluatorParams>;

/** Nodes per dimension when neither the config (env.grid) nor the environment (defaultGrid) chooses. */
export const DEFAULT_GRID_NODES = 64;

/** Options of {@link GridEvaluator}. */
export interface GridEvaluatorOptions {
  /** Entropy strength τ > 0. */
  readonly tau: number;
  /** State nodes per state dimension (ignored for finite state spaces). */
  readonly statesPerDim: number;
  /** Action nodes per action dimension. */
  readonly actionsPerDim: number;
  /** Linear solver of the soft Bellman equation (default `auto`, see {@link SoftBellmanSolverOptions.solver}). */
  readonly solver?: SoftBellmanSolverOptions['solver'];
}

/**
 * A grid evaluation (docs/math.md §5). `weights` is the field W(s_i,a_k) = d_i p_ik A_ik/(1−γ) in point
 * order j = i·K + k, so D F(ν,θ) = Σ_j weights[j] ∇_θ φ(θ, x_j) (docs/math.md §3). The arrays are
 * live buffers of the evaluator, overwritten by its next `evaluate`: copy what you keep.
 */
export interface GridPolicyEvaluation extends PolicyEvaluation {
  readonly discretization: DiscretizedEnvironment;
  /** M = S·K: the network output f_ν(s_i, a_k) that was evaluated. */
  readonly logits: Float64Array;
  /** S: V^π(s_i). */
  readonly V: Float64Array;
  /** S×K: Q^π(s_i, a_k). */
  readonly Q: Float64Array;
  /** S×K: A^π(s_i, a_k) = Q − τℓ − V. */
  readonly A: Float64Array;
  /** S×K: ℓ_π(s_i, a_k) = log dπ/dμ. */
  readonly logPolicy: Float64Array;
  /** S×K: π-masses p_ik = ω_k e^{ℓ_ik}. */
  readonly policyMass: Float64Array;
  /** S: d^π_ρ(s_i). */
  readonly occupancy: Float64Array;
  /** S: KL(π(·|s_i) | μ). */
  readonly klPerState: Float64Array;
}

/**
 * Exact policy evaluation on quadrature grids (docs/math.md §5): the environment is discretised once
 * in the constructor; each `evaluate` runs the network on the M = S·K grid points and solves the
 * soft Bellman equation of the finite MDP. Deterministic: the Random is not used.
 */
export class GridEvaluator implements Evaluator {
  readonly name = 'grid';
  readonly discretization: DiscretizedEnvironment;
  private readonly evaluator: SoftBellmanSolver;
  private readonly logits: Float64Array;

  constructor(env: Environment, options: GridEvaluatorOptions) {
    this.discretization = discretizeEnvironment(env, options.statesPerDim, options.actionsPerDim);
    this.evaluator = new SoftBellmanSolver(this.discretization.mdp, options.tau, { solver: options.solver });
    this.logits = new Float64Array(this.discretization.points.count);
  }

  /** Sets τ > 0 for the evaluations that follow (a τ schedule). */
  setEntropyStrength(tau: number): void {
    this.evaluator.setTau(tau);
  }

  async evaluate(policy: PolicyNetwork, _rng: Random): Promise<GridPolicyEvaluation> {
    const { discretization, evaluator, logits } = this;
    await policy.forward(discretization.points, logits);
    const value = evaluator.evaluate(logits);
    return {
      value,
      points: discretization.points,
      weights: evaluator.weights,
      discretization,
      logits,
      V: evaluator.V,
      Q: evaluator.Q,
      A: evaluator.A,
      logPolicy: evaluator.logPolicy,
      policyMass: evaluator.policyMass,
      occupancy: evaluator.occupancy,
      klPerState: evaluator.klPerState,
    };
  }
}
