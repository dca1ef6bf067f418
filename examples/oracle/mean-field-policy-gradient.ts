/**
 * Mean-field Langevin policy gradient on an entropy-regularised torus MDP — the oracle.
 *
 * One readable file, in the CleanRL style, that runs the whole algorithm of Leahy, Kerimkulov,
 * Šiška & Szpruch (ICML 2022) top to bottom with no framework: build the grid MDP, evaluate the
 * softmax policy of a cloud of neurons exactly, push every neuron along the intrinsic derivative
 * of the value, add Langevin noise, repeat. The framework's tests compare against this file,
 * so it favours obvious loops over speed. Formulas cite sections of docs/math.md.
 *
 *   npx tsx examples/oracle/mean-field-policy-gradient.ts
 *
 * Randomness contract (the framework consumes standard normals in exactly this order):
 *   1. N·6 draws for θ_0 = initMean + initStd·ξ, particle-major (particle 0's six coordinates
 *      (c, w1..w4, b), then particle 1's, …), drawn even when initStd = 0;
 *   2. then, at every step, N·6 noise draws in the same particle-major order;
 *   3. no noise draws at all when σ = 0.
 */
import { pathToFileURL } from 'node:url';

// ─── 1. Arguments ─────────────────────────────────────────────────────────────────────────────
/** B3 controlled torus (docs/math.md §7): P(ds'|s,a) = vonMises(s + β sin 2πa, κP), r = cos 2πs − cA(1 − cos 2πa). */
export type ControlledTorus = { readonly name: 'B3'; readonly gamma: number; readonly beta: number; readonly kappaP: number; readonly controlCost: number };
/** B2 action-independent torus (docs/math.md §7): P(ds'|s) = vonMises(s + β0, κP), r = α cos 2π(a − s) + cos 2πs. */
export type ActionIndependentTorus = { readonly name: 'B2'; readonly gamma: number; readonly alpha: number; readonly kappaP: number; readonly beta0: number };

export type Environment = ControlledTorus | ActionIndependentTorus;
export const B3: ControlledTorus = { name: 'B3', gamma: 0.9, beta: 0.1, kappaP: 50, controlCost: 0.2 };
export const B2: ActionIndependentTorus = { name: 'B2', gamma: 0.9, alpha: 0.2, kappaP: 30, beta0: 0.13 };

/** Everything a run needs. Defaults (`defaultArgs`): B3 at a small budget. */
export interface Args {
  readonly env: Environment; //           the MDP; S = A = [0,1) torus, μ and ρ uniform (docs/math.md §7)
  readonly tau: number; //                τ > 0, policy-entropy strength (§1); §7 fixes none for B3, 0.4 is B2's
  readonly stateNodes: number; //         n_S: state nodes s_i = i/n_S (periodic trapezoid, §5)
  readonly actionNodes: number; //        n_A: action nodes a_k = k/n_A, μ-weights 1/n_A
  readonly particles: number; //          N: number of particles (neurons)
  readonly outputBound: number; //        L in ℓ(c) = L tanh(c/L); Infinity gives ℓ(c) = c (§2)
  readonly sigma: number; //              σ ≥ 0: noise; σ = 0 is deterministic mean-field ascent (§3, §6)
  readonly priorScale: number; //         s0: scale of the Gaussian prior U(θ) = |θ|²/(2 s0²) (§3)
  readonly dt: number; //                 Euler–Maruyama time step h
  readonly steps: number; //              number of steps; the horizon is steps·dt
  readonly initMean: number | readonly number[]; // mean of θ_0: one number, or one per coordinate (c, w1..w4, b)
  readonly initStd: number; //            standard deviation of θ_0 (every coordinate)
  readonly seed: number; //               seed of `seededNormal`, used by `main` only (`runFlow` takes its generator)
}

export const defaultArgs: Args = {
  env: B3, tau: 0.4, stateNodes: 32, actionNodes: 32, particles: 100, outputBound: 3,
  sigma: 0.2, priorScale: 1, dt: 0.1, steps: 100, initMean: 0, initStd: 1, seed: 1,
};

/** θ = (c, w ∈ R⁴, b) ∈ R⁶ (docs/math.md §2, torus features). */
export const PARAMETER_DIM = 6;
const FEATURE_DIM = 4;

// ─── 2. The MDP on a quadrature grid (docs/math.md §5) ──────────────────────────────────────────────
/** The discretised MDP. Row-major arrays; index q = i·n_A + k is the grid point (s_i, a_k). */
export interface GridProblem {
  readonly nS: number; readonly nA: number; // n_S state nodes, n_A action nodes
  readonly gamma: number; readonly tau: number; // discount γ, entropy strength τ
  readonly features: Float64Array; // (n_S·n_A)×4: x(s_i,a_k) = (cos 2πs, sin 2πs, cos 2πa, sin 2πa)
  readonly reward: Float64Array; //   n_S×n_A: r(s_i, a_k)
  readonly kernel: Float64Array; //   (n_S·n_A)×n_S: P[(i,k)→j], each row sums to 1
  readonly rho: Float64Array; //      n_S: initial law ρ_i (uniform)
}

export function makeProblem(args: Pick<Args, 'env' | 'tau' | 'stateNodes' | 'actionNodes'>): GridProblem {
  const { env, tau, stateNodes: nS, actionNodes: nA } = args;
  const TWO_PI = 2 * Math.PI;
  const features = new Float64Array(nS * nA * FEATURE_DIM);
  const reward = new Float64Array(nS * nA);
  const kernel = new Float64Array(nS * nA * nS);
  for (let i = 0; i < nS; i++) {
    const s = i / nS;
    for (let k = 0; k < nA; k++) {
      const a = k / nA;
      const q = i * nA + k;
      features.set([Math.cos(TWO_PI * s), Math.sin(TWO_PI * s), Math.cos(TWO_PI * a), Math.sin(TWO_PI * a)], q * FEATURE_DIM);
      // Reward and von Mises mean m(s,a) of the next state (docs/math.md §7).
      reward[q] = env.name === 'B3' ? Math.cos(TWO_PI * s) - env.controlCost * (1 - Math.cos(TWO_PI * a)) : env.alpha * Math.cos(TWO_PI * (a - s)) + Math.cos(TWO_PI * s);
      const mean = env.name === 'B3' ? s + env.beta * Math.sin(TWO_PI * a) : s + env.beta0;
      // P[(i,k)→j] ∝ exp(κP cos 2π(s_j − m)), rows renormalised (docs/math.md §5); the node weights
      // 1/n_S are equal and cancel, and the constant shift κP(cos − 1) only avoids overflow.
      const row = kernel.subarray(q * nS, (q + 1) * nS);
      for (let j = 0; j < nS; j++) row[j] = Math.exp(env.kappaP * (Math.cos(TWO_PI * (j / nS - mean)) - 1));
      const total = row.reduce((sum, density) => sum + density, 0);
      for (let j = 0; j < nS; j++) row[j] /= total;
    }
  }
  return { nS, nA, gamma: env.gamma, tau, features, reward, kernel, rho: new Float64Array(nS).fill(1 / nS) };
}

// ─── 3. Exact soft policy evaluation (docs/math.md §1, §5) ─────────────────────────────────────────
/** Solves M x = b (M: n×n row-major, left untouched) by Gaussian elimination with partial pivoting. */
export function solveLinear(matrix: Float64Array, rhs: Float64Array): Float64Array {
  const n = rhs.length;
  const m = Float64Array.from(matrix);
  const x = Float64Array.from(rhs);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let row = col + 1; row < n; row++) if (Math.abs(m[row * n + col]) > Math.abs(m[pivot * n + col])) pivot = row;
    if (pivot !== col) {
      for (let k = 0; k < n; k++) [m[col * n + k], m[pivot * n + k]] = [m[pivot * n + k], m[col * n + k]];
      [x[col], x[pivot]] = [x[pivot], x[col]];
    }
    for (let row = col + 1; row < n; row++) {
      const factor = m[row * n + col] / m[col * n + col];
      for (let k = col; k < n; k++) m[row * n + k] -= factor * m[col * n + k];
      x[row] -= factor * x[col];
    }
  }
  for (let row = n - 1; row >= 0; row--) {
    let acc = x[row];
    for (let k = row + 1; k < n; k++) acc -= m[row * n + k] * x[k];
    x[row] = acc / m[row * n + row];
  }
  return x;
}

/** Everything exact evaluation of π ∝ exp(f) μ yields. Shapes: n_S or n_S×n_A row-major. */
export interface PolicyEvaluation {
  readonly value: number; //            F = Σ_i ρ_i V_i
  readonly V: Float64Array; //          soft value V(s_i)
  readonly Q: Float64Array; //          soft Q(s_i, a_k)
  readonly A: Float64Array; //          soft advantage A = Q − τℓ − V
  readonly logDensity: Float64Array; // ℓ = log dπ/dμ = f − log Z
  readonly mass: Float64Array; //       p_ik = π(a_k|s_i)/n_A; rows sum to 1
  readonly occupancy: Float64Array; //  d = (1−γ) ρ (I − γP_π)^{-1}, a probability on the state nodes
  readonly weights: Float64Array; //    W_ik = d_i p_ik A_ik/(1−γ): D F(ν,θ) = Σ W_ik ∇_θ φ(θ, x_ik) (§3)
}

/** Evaluates the policy π(a|s) ∝ exp(f(s,a)) w.r.t. μ of an n_S×n_A grid function f exactly. */
export function evaluatePolicy(problem: GridProblem, f: Float64Array): PolicyEvaluation {
  const { nS, nA, gamma, tau, reward, kernel, rho } = problem;
  // ℓ = f − log Z with log Z(s) = log Σ_k exp(f_k)/n_A by log-sum-exp (docs/math.md §2).
  const [logDensity, mass] = [0, 1].map(() => new Float64Array(nS * nA));
  for (let i = 0; i < nS; i++) {
    const row = f.subarray(i * nA, (i + 1) * nA);
    const max = Math.max(...row);
    const logZ = max + Math.log(row.reduce((sum, fk) => sum + Math.exp(fk - max), 0) / nA);
    for (let k = 0; k < nA; k++) {
      logDensity[i * nA + k] = f[i * nA + k] - logZ;
      mass[i * nA + k] = Math.exp(logDensity[i * nA + k]) / nA;
    }
  }
  // M = I − γP_π with P_π[i,j] = Σ_k p_ik P[(i,k)→j]; right-hand side r_π − τ KL_π (docs/math.md §5).
  const [M, Mt] = [0, 1].map(() => new Float64Array(nS * nS)); // I − γP_π and its transpose
  const rhs = new Float64Array(nS);
  for (let i = 0; i < nS; i++) {
    M[i * nS + i] = 1;
    for (let k = 0; k < nA; k++) {
      const q = i * nA + k;
      rhs[i] += mass[q] * (reward[q] - tau * logDensity[q]);
      for (let j = 0; j < nS; j++) M[i * nS + j] -= gamma * mass[q] * kernel[q * nS + j];
    }
  }
  for (let i = 0; i < nS; i++) for (let j = 0; j < nS; j++) Mt[j * nS + i] = M[i * nS + j];
  const V = solveLinear(M, rhs);
  // d (I − γP_π) = (1−γ) ρ, i.e. (I − γP_π)ᵀ dᵀ = (1−γ) ρᵀ.
  const occupancy = solveLinear(Mt, rho.map((r) => (1 - gamma) * r));
  // Q = r + γ P V, A = Q − τℓ − V, W = d p A/(1−γ) (docs/math.md §1, §3).
  const [Q, A, weights] = [0, 1, 2].map(() => new Float64Array(nS * nA));
  for (let i = 0; i < nS; i++) {
    for (let k = 0; k < nA; k++) {
      const q = i * nA + k;
      let next = 0;
      for (let j = 0; j < nS; j++) next += kernel[q * nS + j] * V[j];
      Q[q] = reward[q] + gamma * next;
      A[q] = Q[q] - tau * logDensity[q] - V[i];
      weights[q] = (occupancy[i] * mass[q] * A[q]) / (1 - gamma);
    }
  }
  const value = V.reduce((sum, v, i) => sum + rho[i] * v, 0);
  return { value, V, Q, A, logDensity, mass, occupancy, weights };
}

// ─── 4. The mean-field network (docs/math.md §2) ───────────────────────────────────────────────────
/** ℓ(c) = L tanh(c/L), or c when L = ∞. */
const outputWeight = (c: number, L: number): number => (L === Infinity ? c : L * Math.tanh(c / L));
/** ℓ'(c) = 1 − tanh²(c/L), or 1 when L = ∞. */
const outputWeightSlope = (c: number, L: number): number => (L === Infinity ? 1 : 1 - Math.tanh(c / L) ** 2);

/** z = w·x + b for the particle stored at theta[o … o+6) and the grid point q. */
function preActivation(theta: Float64Array, o: number, x: Float64Array, q: number): number {
  let z = theta[o + 5];
  for (let p = 0; p < FEATURE_DIM; p++) z += theta[o + 1 + p] * x[q * FEATURE_DIM + p];
  return z;
}

/** f_ν(s_i,a_k) = (1/N) Σ_n ℓ(c_n) tanh(w_n·x + b_n) at every grid point; theta: N×6 row-major. */
export function networkOnGrid(problem: GridProblem, theta: Float64Array, outputBound: number): Float64Array {
  const N = theta.length / PARAMETER_DIM;
  const points = problem.nS * problem.nA;
  const { features: x } = problem;
  const f = new Float64Array(points);
  for (let n = 0; n < N; n++) {
    const o = n * PARAMETER_DIM;
    const ell = outputWeight(theta[o], outputBound);
    for (let q = 0; q < points; q++) f[q] += (ell * Math.tanh(preActivation(theta, o, x, q))) / N;
  }
  return f;
}

/**
 * Intrinsic derivative g_n = D F(ν, θ_n) = Σ_{i,k} W_ik ∇_θ φ(θ_n, x(s_i,a_k)) for every particle
 * (docs/math.md §3), where ∇φ = (ℓ'(c) tanh z, ℓ(c)(1 − tanh²z) x, ℓ(c)(1 − tanh²z)), z = w·x + b.
 * Returns an N×6 row-major array.
 */
export function drift(problem: GridProblem, theta: Float64Array, outputBound: number, weights: Float64Array): Float64Array {
  const N = theta.length / PARAMETER_DIM;
  const points = problem.nS * problem.nA;
  const { features: x } = problem;
  const g = new Float64Array(theta.length);
  for (let n = 0; n < N; n++) {
    const o = n * PARAMETER_DIM;
    const ell = outputWeight(theta[o], outputBound);
    const slope = outputWeightSlope(theta[o], outputBound);
    for (let q = 0; q < points; q++) {
      const t = Math.tanh(preActivation(theta, o, x, q));
      const inner = weights[q] * ell * (1 - t * t);
      g[o] += weights[q] * slope * t;
      for (let p = 0; p < FEATURE_DIM; p++) g[o + 1 + p] += inner * x[q * FEATURE_DIM + p];
      g[o + 5] += inner;
    }
  }
  return g;
}

/** F(ν^N) = Σ ρ_i V^{π_ν}(s_i) of a particle cloud (N×6 row-major). */
export function objective(problem: GridProblem, theta: Float64Array, outputBound: number): number {
  return evaluatePolicy(problem, networkOnGrid(problem, theta, outputBound)).value;
}

// ─── 5. The flow: Euler–Maruyama for the particle SDE (docs/math.md §3, §6) ─────────────────────────
export interface FlowResult {
  readonly values: number[]; //   values[t] = F(ν at time t·dt), recorded before step t; length `steps`
  readonly theta: Float64Array; // final particles, N×6 row-major
}

/**
 * Runs dθ = [D F(ν,θ) − (σ²/2)∇U(θ)] dt + σ dW with U = |θ|²/(2 s0²) for N particles:
 *   θ ← θ + dt·(g − (σ²/2) θ/s0²) + σ√dt·ξ.
 * `normal` supplies standard normal draws, consumed in the order of the contract at the top.
 */
export function runFlow(args: Args, normal: () => number): FlowResult {
  const problem = makeProblem(args);
  const { particles: N, sigma, dt, priorScale: s0, outputBound } = args;
  const theta = new Float64Array(N * PARAMETER_DIM);
  const initMean = (c: number) => (typeof args.initMean === 'number' ? args.initMean : args.initMean[c]);
  // θ_0 = initMean + initStd·ξ; m = n·6 + c runs particle-major, as the draw contract says.
  for (let m = 0; m < theta.length; m++) theta[m] = initMean(m % PARAMETER_DIM) + args.initStd * normal();
  const values: number[] = [];
  const pull = (sigma * sigma) / (2 * s0 * s0); // (σ²/2)∇U(θ) = pull·θ
  const noiseScale = sigma * Math.sqrt(dt);
  for (let step = 0; step < args.steps; step++) {
    const evaluation = evaluatePolicy(problem, networkOnGrid(problem, theta, outputBound));
    values.push(evaluation.value);
    const g = drift(problem, theta, outputBound, evaluation.weights);
    for (let m = 0; m < theta.length; m++) {
      theta[m] += dt * (g[m] - pull * theta[m]);
      if (sigma > 0) theta[m] += noiseScale * normal();
    }
  }
  return { values, theta };
}

// ─── 6. Standalone runs: a self-contained seeded normal generator, and main ───────────────────────
/** Standard normals from mulberry32 (32-bit state) through Box–Muller, both outputs used in turn. */
export function seededNormal(seed: number): () => number {
  let state = seed >>> 0;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pending: number[] = []; // Box–Muller gives two normals: cos first, then sin
  return () => {
    if (pending.length === 0) {
      const radius = Math.sqrt(-2 * Math.log(1 - uniform())); // 1 − u ∈ (0, 1]: log is finite
      const angle = 2 * Math.PI * uniform();
      pending.push(radius * Math.sin(angle), radius * Math.cos(angle));
    }
    return pending.pop() as number;
  };
}

function main(): void {
  const args = defaultArgs;
  const { values, theta } = runFlow(args, seededNormal(args.seed));
  values.push(objective(makeProblem(args), theta, args.outputBound)); // F at the horizon
  const { env, particles, sigma, tau, dt, stateNodes, actionNodes } = args;
  console.log(`${env.name}: N=${particles}, σ=${sigma}, τ=${tau}, dt=${dt}, grid ${stateNodes}×${actionNodes}`);
  console.log('       t    F(ν_t)');
  const every = Math.max(1, Math.round(args.steps / 10));
  for (let step = 0; step <= args.steps; step++) if (step % every === 0 || step === args.steps) console.log(`${(step * dt).toFixed(2).padStart(8)}  ${values[step].toFixed(6)}`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
