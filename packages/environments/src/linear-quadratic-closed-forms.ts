import type { LinearQuadraticParams } from './linear-quadratic';
import { combine, inverseSpd, logDetSpd, maxAbs, multiply, symmetrize, trace, transpose, zeros, type Matrix } from './small-matrix';

/** A quadratic soft value V(s) = −sᵀPs − c (docs/math.md §7 B4). */
export interface LinearQuadraticValue {
  /** n×n symmetric. */
  readonly P: Matrix;
  readonly c: number;
}

/** The soft optimum of B4: π*(·|s) = N(Ks, Σ*), V*(s) = −sᵀPs − c. */
export interface LinearQuadraticOptimum extends LinearQuadraticValue {
  /** m×n gain. */
  readonly K: Matrix;
  /** m×m covariance Σ* of the optimal policy. */
  readonly covariance: Matrix;
  /** Riccati updates performed. */
  readonly iterations: number;
}

export interface RiccatiOptions {
  /** Stop when an update changes P by at most this times max|P_ij| (default 1e-14). */
  readonly tolerance?: number;
  /** Give up (throw) after this many updates (default 100000). */
  readonly maxIterations?: number;
}

/** R̃ = R + (τ/2)Σμ^{-1} (docs/math.md §7 B4). */
function regularizedActionCost(params: LinearQuadraticParams, tau: number): Matrix {
  return params.R.map((row, i) => row.map((value, j) => (i === j ? value + (0.5 * tau) / params.actionVariance[i] : value)));
}

function checkTau(tau: number): void {
  if (!(Number.isFinite(tau) && tau > 0)) throw new Error(`linear–quadratic closed forms: τ must be finite and > 0, got ${tau}`);
}

/**
 * The soft optimum of B4 (docs/math.md §7) by Riccati value iteration from P = 0:
 * P ← Q + γ𝒜ᵀP𝒜 − γ²𝒜ᵀPℬ(R̃ + γℬᵀPℬ)^{-1}ℬᵀP𝒜. Each update is one exact soft Bellman step on
 * the quadratic value class, so the iterates increase to the fixed point when (𝒜, ℬ) is
 * stabilisable with discount (√γ𝒜, √γℬ); otherwise P grows without bound and this throws.
 * Then K = −γ(R̃ + γℬᵀPℬ)^{-1}ℬᵀP𝒜, Σ* = [(2/τ)(R + γℬᵀPℬ) + Σμ^{-1}]^{-1} and
 * c = [γ tr(PΣ_W) + (τ/2) log det(Σ*^{-1}Σμ)]/(1−γ).
 */
export function linearQuadraticOptimum(params: LinearQuadraticParams, tau: number, options: RiccatiOptions = {}): LinearQuadraticOptimum {
  checkTau(tau);
  const { tolerance = 1e-14, maxIterations = 100_000 } = options;
  const { A, B, Q, R, gamma } = params;
  const n = A.length;
  const Rt = regularizedActionCost(params, tau);
  const At = transpose(A);
  const Bt = transpose(B);
  let P = zeros(n, n);
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    const PA = multiply(P, A);
    const BtPA = multiply(Bt, PA);
    const gain = inverseSpd(combine(1, Rt, gamma, symmetrize(multiply(Bt, multiply(P, B)))));
    const next = symmetrize(combine(1, combine(1, Q, gamma, multiply(At, PA)), -gamma * gamma, multiply(transpose(BtPA), multiply(gain, BtPA))));
    const change = maxAbs(combine(1, next, -1, P));
    P = next;
    if (!Number.isFinite(change)) break;
    if (change <= tolerance * Math.max(maxAbs(P), Number.MIN_VALUE)) {
      const BtPB = symmetrize(multiply(Bt, multiply(P, B)));
      const K = multiply(inverseSpd(combine(1, Rt, gamma, BtPB)), multiply(Bt, multiply(P, A))).map((row) => row.map((v) => -gamma * v));
      const muInverse = params.actionVariance.map((variance, i) => params.actionVariance.map((_, j) => (i === j ? 1 / variance : 0)));
      const precision = combine(2 / tau, combine(1, R, gamma, BtPB), 1, muInverse);
      const covariance = inverseSpd(precision);
      const logDetMu = params.actionVariance.reduce((sum, variance) => sum + Math.log(variance), 0);
      const c = (gamma * trace(multiply(P, params.noiseCovariance)) + 0.5 * tau * (logDetSpd(precision) + logDetMu)) / (1 - gamma);
      return { P, K, covariance, c, iterations: iteration };
    }
  }
  throw new Error(
    `linearQuadraticOptimum: the Riccati iteration did not converge in ${maxIterations} updates ` +
      '(is (√γ𝒜, √γℬ) stabilisable? otherwise the optimal value is −∞)',
  );
}

/**
 * The soft value of the linear-Gaussian policy π(·|s) = N(Ks, Σ) on B4, V(s) = −sᵀPs − c:
 * - one step: E r − τ KL(N(Ks,Σ) | N(0,Σμ)) = −sᵀ(Q + KᵀR̃K)s − c0 with
 *   c0 = tr(RΣ) + (τ/2)[tr(Σμ^{-1}Σ) − m + log det Σμ − log det Σ] (the KL to μ, not −log π);
 * - closed loop s' = Ms + ℬξ + W, M = 𝒜 + ℬK, ξ ~ N(0,Σ): P solves the Stein equation
 *   P = Q + KᵀR̃K + γMᵀPM, and c = [c0 + γ tr(P(ℬΣℬᵀ + Σ_W))]/(1−γ).
 * P is summed by Smith's doubling (X ← X + GᵀXG, G ← G², G_0 = √γM), which converges iff
 * γ ρ(M)² < 1; otherwise the value is −∞ and this throws.
 */
export function linearGaussianPolicyValue(params: LinearQuadraticParams, tau: number, K: Matrix, covariance: Matrix): LinearQuadraticValue {
  checkTau(tau);
  const { A, B, Q, R, gamma, noiseCovariance, actionVariance } = params;
  const m = B[0].length;
  const n = A.length;
  if (K.length !== m || K.some((row) => row.length !== n)) throw new Error(`linearGaussianPolicyValue: K must be ${m}×${n}`);
  if (covariance.length !== m || covariance.some((row) => row.length !== m)) throw new Error(`linearGaussianPolicyValue: Σ must be ${m}×${m}`);
  const Rt = regularizedActionCost(params, tau);
  const M = combine(1, A, 1, multiply(B, K));
  let X = symmetrize(combine(1, Q, 1, multiply(transpose(K), multiply(Rt, K))));
  let G = M.map((row) => row.map((v) => Math.sqrt(gamma) * v));
  for (let doubling = 0; doubling < 64; doubling++) {
    const increment = symmetrize(multiply(transpose(G), multiply(X, G)));
    X = combine(1, X, 1, increment);
    G = multiply(G, G);
    if (!(maxAbs(X) < 1e300)) break;
    if (maxAbs(increment) <= 1e-17 * maxAbs(X) && maxAbs(G) < 1) {
      const P = X;
      const muTraceTerm = actionVariance.reduce((sum, variance, i) => sum + covariance[i][i] / variance, 0);
      const logDetMu = actionVariance.reduce((sum, variance) => sum + Math.log(variance), 0);
      const c0 = trace(multiply(R, covariance)) + 0.5 * tau * (muTraceTerm - m + logDetMu - logDetSpd(covariance));
      const noise = combine(1, multiply(B, multiply(covariance, transpose(B))), 1, noiseCovariance);
      return { P, c: (c0 + gamma * trace(multiply(P, noise))) / (1 - gamma) };
    }
  }
  throw new Error('linearGaussianPolicyValue: the closed loop 𝒜 + ℬK is not stable under discounting (γ ρ(𝒜+ℬK)² ≥ 1): the value is −∞');
}

/** V(s) = −sᵀPs − c. */
export function quadraticValueAt(value: LinearQuadraticValue, s: readonly number[]): number {
  const Ps = multiply(value.P, s.map((x) => [x]));
  return -s.reduce((sum, x, i) => sum + x * Ps[i][0], 0) - value.c;
}

/** ∫ V dρ for ρ = N(0, Σ_0): −tr(PΣ_0) − c. */
export function quadraticValueOfInitialLaw(value: LinearQuadraticValue, params: LinearQuadraticParams): number {
  return -trace(multiply(value.P, params.initialCovariance)) - value.c;
}
