import { gridAxisOrders } from '../math/grid-axis-orders';
import type { SparsityPattern } from '../math/reverse-cuthill-mckee';
import { SkylineLuSolver, skylineProfile } from '../math/skyline-lu-solver';
import type { DiscreteMdp } from './discrete-mdp';

/** Above this many states `solver: 'auto'` solves iteratively: one dense LU costs S³/3 flops per step. */
export const DENSE_STATE_LIMIT = 600;

/** GMRES restart length of the iterative solvers (Krylov vectors kept between restarts). */
export const GMRES_RESTART = 40;

/**
 * Matrix–vector products one warm-started GMRES evaluation takes (both solves), as measured on the
 * 41×41×9 Pendulum (≈ 2·300) and MountainCar (≈ 2·650) grids: `auto` factorises the sparse system
 * when its skyline factorisation costs fewer multiply–adds than this many GMRES iterations. Counting
 * multiply–adds alike favours GMRES — the factorisation's run in WebAssembly SIMD, ≈ 5× faster each
 * than GMRES's scalar products (bench/grid-solvers.ts) — so `auto` never keeps `sparse` too long.
 */
const ITERATIVE_PRODUCTS_ESTIMATE = 600;

/** The largest skyline factor (entries, 8 bytes each) `auto` keeps as a preconditioner. */
const PRECONDITIONER_ENVELOPE_LIMIT = 2 ** 24;

/** The linear solver a SoftBellmanSolver uses, as resolved from {@link SoftBellmanSolverOptions.solver}. */
export type ResolvedSolver = 'dense' | 'sparse' | 'preconditioned' | 'iterative';

/** Options of SoftBellmanSolver. */
export interface SoftBellmanSolverOptions {
  /**
   * `dense`: LU factorisation per call, exact to round-off; `sparse`: a skyline LU of the sparse
   * I − γP_π per call (ordered by the cheapest envelope of the natural order, reverse Cuthill–McKee
   * and, on a grid, the orders that run one dimension fastest; no pivoting: the matrix is diagonally
   * dominant), exact to round-off and independent of earlier calls; `iterative`: restarted GMRES
   * warm-started from the previous call's V and d; `preconditioned`: the same GMRES right-
   * preconditioned by the skyline LU of an earlier call's system, refactorised when a solve needs
   * more than `REFACTOR_PRODUCTS` (soft-bellman-solver.ts) products. `auto` (default): with a sparse (interpolated)
   * kernel, `sparse` when its factorisation is cheaper than an estimate of GMRES's work
   * (`ITERATIVE_PRODUCTS_ESTIMATE` products), else `preconditioned` while the factor fits in
   * `PRECONDITIONER_ENVELOPE_LIMIT` entries, else `iterative`; with a dense kernel, `dense` up
   * to {@link DENSE_STATE_LIMIT} states, else `iterative` (chooseBellmanSolver, below).
   */
  readonly solver?: 'auto' | ResolvedSolver;
  /** Iterative solves stop at ‖b − (I − γP_π)x‖₂ ≤ tolerance·‖b‖₂; default 1e-10. */
  readonly tolerance?: number;
  /** Iterative solves throw after this many matrix–vector products; default 20000. */
  readonly maxIterations?: number;
}

/** The solver chosen for one MDP, with the skyline factor and where the system's entries go in it. */
export interface BellmanSolverChoice {
  readonly kind: ResolvedSolver;
  /** The skyline LU of I − γP_π (`sparse` and `preconditioned` only). */
  readonly skyline: SkylineLuSolver | undefined;
  /** With a skyline factor and a sparse kernel: the slot of each entry of mdp.sparseTransition in the factor. */
  readonly transitionSlots: Int32Array;
  /** With a skyline factor: the slot of each diagonal entry. */
  readonly diagonalSlots: Int32Array;
}

/**
 * Resolves `requested` for `mdp` (the rule is documented on {@link SoftBellmanSolverOptions.solver}) and
 * prepares the skyline factor when the choice uses one. `auto` compares the skyline factorisation's
 * multiply–adds with an estimate of GMRES's work, so a cheap direct solve wins on narrow-band
 * kernels and GMRES on wide ones.
 */
export function chooseBellmanSolver(mdp: DiscreteMdp, requested: NonNullable<SoftBellmanSolverOptions['solver']>): BellmanSolverChoice {
  const S = mdp.stateCount;
  const sparse = mdp.sparseTransition;
  if (requested === 'preconditioned' && sparse === undefined) {
    throw new Error('SoftBellmanSolver: the preconditioned solver needs a sparse (interpolated) kernel; use dense, sparse or iterative');
  }
  let kind: ResolvedSolver = requested === 'auto' ? (S > DENSE_STATE_LIMIT ? 'iterative' : 'dense') : requested;
  const pattern = requested === 'sparse' || requested === 'preconditioned' || (requested === 'auto' && sparse !== undefined) ? systemPattern(mdp) : undefined;
  const profile = pattern === undefined ? undefined : skylineProfile(pattern, 'auto', mdp.stateGrid === undefined ? [] : gridAxisOrders(mdp.stateGrid));
  if (requested === 'auto' && profile !== undefined && sparse !== undefined) {
    const gmresCost = ITERATIVE_PRODUCTS_ESTIMATE * S * (mdp.actionCount * sparse.width + GMRES_RESTART);
    kind = profile.factorCost <= gmresCost ? 'sparse' : profile.envelopeSize <= PRECONDITIONER_ENVELOPE_LIMIT ? 'preconditioned' : 'iterative';
  }
  const skyline = pattern !== undefined && profile !== undefined && (kind === 'sparse' || kind === 'preconditioned') ? new SkylineLuSolver(pattern, profile) : undefined;
  const transitionSlots = new Int32Array(skyline !== undefined && sparse !== undefined ? sparse.columns.length : 0);
  const diagonalSlots = new Int32Array(skyline !== undefined ? S : 0);
  if (skyline !== undefined) {
    for (let i = 0; i < S; i++) diagonalSlots[i] = skyline.slotOf(i, i);
    if (sparse !== undefined) {
      const rowWidth = mdp.actionCount * sparse.width;
      // An entry whose probability is 0 for every policy adds 0 wherever it goes: to the diagonal.
      for (let e = 0; e < sparse.columns.length; e++) {
        const row = Math.floor(e / rowWidth);
        transitionSlots[e] = skyline.slotOf(row, sparse.values[e] === 0 ? row : sparse.columns[e]);
      }
    }
  }
  return { kind, skyline, transitionSlots, diagonalSlots };
}

/** Where I − γP_π may be nonzero: the diagonal and, per state, the union over actions of the kernel's nonzero columns. */
function systemPattern(mdp: DiscreteMdp): SparsityPattern {
  const S = mdp.stateCount;
  const K = mdp.actionCount;
  const sparse = mdp.sparseTransition;
  const rowStart = new Int32Array(S + 1);
  const columns: number[] = [];
  const seen = new Int32Array(S).fill(-1);
  for (let i = 0; i < S; i++) {
    seen[i] = i;
    columns.push(i);
    if (sparse !== undefined) {
      for (let e = i * K * sparse.width; e < (i + 1) * K * sparse.width; e++) {
        const j = sparse.columns[e];
        // Unused ELLPACK slots and interpolation weights that are exactly 0 (a clipped or node-aligned
        // coordinate) are 0 for every policy: left out, they do not widen the envelope.
        if (sparse.values[e] !== 0 && seen[j] !== i) {
          seen[j] = i;
          columns.push(j);
        }
      }
    } else {
      for (let ik = i * K; ik < (i + 1) * K; ik++) {
        for (let j = 0; j < S; j++) {
          if (mdp.transition[ik * S + j] !== 0 && seen[j] !== i) {
            seen[j] = i;
            columns.push(j);
          }
        }
      }
    }
    rowStart[i + 1] = columns.length;
  }
  return { n: S, rowStart, columns: Int32Array.from(columns) };
}
