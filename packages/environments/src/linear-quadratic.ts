import { discountFactor, finiteNumber, type Environment, GaussianMeasure, type Random, type SeparableFeatures, type Space } from '@mfpg/core';
import { z } from 'zod';
import { cholesky, isPositiveSemidefinite, isSymmetric, type Matrix } from './small-matrix';

const matrix = (what: string) =>
  z.array(z.array(finiteNumber(what), { error: `a matrix: a non-empty array of rows of numbers (${what})` }).min(1), {
    error: `a matrix: a non-empty array of rows of numbers (${what})`,
  }).min(1, { error: `a matrix: a non-empty array of rows of numbers (${what})` });

/**
 * Parameters of {@link LinearQuadratic} (docs/math.md §7 B4): n = rows of A (state dimension),
 * m = columns of B (action dimension). Defaults are the 1-D problem 𝒜 = 0.9, ℬ = 0.5, Q = 1,
 * R = 0.1, Σ_W = 0.01, Σμ = 1, Σ_0 = 1, γ = 0.9.
 */
export const LinearQuadraticParams = z
  .object({
    /** 𝒜, n×n: the state part of s' = 𝒜s + ℬa + W. */
    A: matrix('state transition matrix 𝒜, n×n').default([[0.9]]),
    /** ℬ, n×m: the action part of s' = 𝒜s + ℬa + W. */
    B: matrix('control matrix ℬ, n×m').default([[0.5]]),
    /** Q, n×n symmetric positive semi-definite: state cost in r = −(sᵀQs + aᵀRa). */
    Q: matrix('state cost Q, n×n symmetric ≥ 0').default([[1]]),
    /** R, m×m symmetric positive semi-definite: action cost. */
    R: matrix('action cost R, m×m symmetric ≥ 0').default([[0.1]]),
    /** Σ_W, n×n symmetric positive definite: covariance of the transition noise W. */
    noiseCovariance: matrix('noise covariance Σ_W, n×n symmetric > 0').default([[0.01]]),
    /** Diagonal of Σμ (length m, each > 0): μ = N(0, diag(actionVariance)). */
    actionVariance: z
      .array(z.number({ error: 'a number > 0 (variance of μ)' }).positive({ error: 'a number > 0 (variance of μ)' }).finite({ error: 'a finite number > 0 (variance of μ)' }))
      .min(1, { error: 'a non-empty array of variances > 0 (diagonal of Σμ)' })
      .default([1]),
    /** Σ_0, n×n symmetric positive definite: the initial law ρ = N(0, Σ_0). */
    initialCovariance: matrix('initial covariance Σ_0, n×n symmetric > 0').default([[1]]),
    /** Discount γ ∈ [0, 1). */
    gamma: discountFactor.default(0.9),
  })
  .strict()
  .superRefine((params, context) => {
    const fail = (path: string, message: string) => context.addIssue({ code: 'custom', path: [path], message, input: params[path as keyof typeof params] });
    const n = params.A.length;
    const m = params.B[0].length;
    const shaped = (a: Matrix, rows: number, columns: number) => a.length === rows && a.every((row) => row.length === columns);
    if (!shaped(params.A, n, n)) return fail('A', `a square n×n matrix (n = ${n} rows)`);
    if (!shaped(params.B, n, m)) return fail('B', `an n×m matrix with n = ${n} rows (as A) and the same number of columns in every row`);
    const square = (path: 'Q' | 'R' | 'noiseCovariance' | 'initialCovariance', size: number, definite: boolean) => {
      const a = params[path];
      const what = definite ? 'positive definite' : 'positive semi-definite';
      if (!shaped(a, size, size)) fail(path, `a ${size}×${size} symmetric ${what} matrix`);
      else if (!isSymmetric(a) || !(definite ? cholesky(a) !== undefined : isPositiveSemidefinite(a))) fail(path, `a symmetric ${what} matrix`);
    };
    square('Q', n, false);
    square('R', m, false);
    square('noiseCovariance', n, true);
    square('initialCovariance', n, true);
    if (params.actionVariance.length !== m) fail('actionVariance', `m = ${m} variances (one per column of B)`);
  });
export type LinearQuadraticParams = z.infer<typeof LinearQuadraticParams>;

const LOG_TWO_PI = Math.log(2 * Math.PI);

/**
 * Benchmark B4 (docs/math.md §7): S = R^n, A = R^m with μ = N(0, Σμ) (Σμ diagonal), s' = 𝒜s + ℬa + W,
 * W ~ N(0, Σ_W), r(s,a) = −(sᵀQs + aᵀRa), ρ = N(0, Σ_0). Features x(s,a) = (s, a) ∈ R^{n+m}.
 * The reward is unbounded and the state space too, so grid evaluation does not apply; the closed
 * forms (soft optimum and any linear-Gaussian policy) are in linear-quadratic-closed-forms.ts.
 */
export class LinearQuadratic implements Environment {
  readonly id = 'lq';
  readonly stateSpace: Space;
  readonly actionSpace: Space;
  readonly actionMeasure: GaussianMeasure;
  readonly gamma: number;
  readonly featureDim: number;
  readonly separableFeatures: SeparableFeatures;
  /** n and m. */
  readonly stateDim: number;
  readonly actionDim: number;
  private readonly a: Float64Array;
  private readonly b: Float64Array;
  private readonly q: Float64Array;
  private readonly r: Float64Array;
  /** Lower Cholesky factors of Σ_W and Σ_0, n×n row-major. */
  private readonly noiseFactor: Float64Array;
  private readonly initialFactor: Float64Array;
  private readonly noiseLogNormalizer: number;
  private readonly initialLogNormalizer: number;
  /** Scratch of length n (no allocation per step; `out` may alias `s`). */
  private readonly scratch: Float64Array;

  constructor(readonly params: LinearQuadraticParams = LinearQuadraticParams.parse({})) {
    const n = params.A.length;
    const m = params.B[0].length;
    this.stateDim = n;
    this.actionDim = m;
    this.stateSpace = { kind: 'euclidean', dim: n };
    this.actionSpace = { kind: 'euclidean', dim: m };
    this.actionMeasure = new GaussianMeasure(new Array<number>(m).fill(0), params.actionVariance.map(Math.sqrt));
    this.gamma = params.gamma;
    this.featureDim = n + m;
    this.separableFeatures = {
      stateDim: n,
      actionDim: m,
      state: (s, out, offset) => {
        for (let c = 0; c < n; c++) out[offset + c] = s[c];
      },
      action: (a, out, offset) => {
        for (let c = 0; c < m; c++) out[offset + c] = a[c];
      },
    };
    this.a = Float64Array.from(params.A.flat());
    this.b = Float64Array.from(params.B.flat());
    this.q = Float64Array.from(params.Q.flat());
    this.r = Float64Array.from(params.R.flat());
    const noiseFactor = cholesky(params.noiseCovariance);
    const initialFactor = cholesky(params.initialCovariance);
    if (noiseFactor === undefined || initialFactor === undefined) throw new Error('LinearQuadratic: covariances must be positive definite (validate params with LinearQuadraticParams)');
    this.noiseFactor = Float64Array.from(noiseFactor.flat());
    this.initialFactor = Float64Array.from(initialFactor.flat());
    this.noiseLogNormalizer = gaussianLogNormalizer(this.noiseFactor, n);
    this.initialLogNormalizer = gaussianLogNormalizer(this.initialFactor, n);
    this.scratch = new Float64Array(n);
  }

  features(s: ArrayLike<number>, a: ArrayLike<number>, out: Float64Array, offset: number): void {
    this.separableFeatures.state(s, out, offset);
    this.separableFeatures.action(a, out, offset + this.stateDim);
  }

  reward(s: ArrayLike<number>, a: ArrayLike<number>): number {
    return -(quadraticForm(this.q, s, this.stateDim) + quadraticForm(this.r, a, this.actionDim));
  }

  sampleInitialState(rng: Random, out: Float64Array): void {
    const { scratch, initialFactor, stateDim: n } = this;
    for (let c = 0; c < n; c++) scratch[c] = rng.normal();
    for (let i = 0; i < n; i++) {
      let value = 0;
      for (let k = 0; k <= i; k++) value += initialFactor[i * n + k] * scratch[k];
      out[i] = value;
    }
  }

  sampleNextState(s: ArrayLike<number>, a: ArrayLike<number>, rng: Random, out: Float64Array): void {
    const { scratch, noiseFactor, stateDim: n } = this;
    this.writeMean(s, a, scratch);
    // W = L_W ξ with ξ ~ N(0, I): add row i of L_W ξ, drawing ξ_k as the row needs it.
    for (let i = 0; i < n; i++) out[i] = scratch[i];
    for (let k = 0; k < n; k++) {
      const xi = rng.normal();
      for (let i = k; i < n; i++) out[i] += noiseFactor[i * n + k] * xi;
    }
  }

  /** ρ = N(0, Σ_0): density w.r.t. Lebesgue on R^n. */
  initialDensity(s: ArrayLike<number>): number {
    return Math.exp(this.gaussianLogDensity(this.initialFactor, this.initialLogNormalizer, s, undefined));
  }

  /** P(·|s,a) = N(𝒜s + ℬa, Σ_W). */
  transitionDensity(s: ArrayLike<number>, a: ArrayLike<number>, next: ArrayLike<number>): number {
    this.writeMean(s, a, this.scratch);
    return Math.exp(this.gaussianLogDensity(this.noiseFactor, this.noiseLogNormalizer, next, this.scratch));
  }

  /** out = 𝒜s + ℬa. */
  private writeMean(s: ArrayLike<number>, a: ArrayLike<number>, out: Float64Array): void {
    const n = this.stateDim;
    const m = this.actionDim;
    for (let i = 0; i < n; i++) {
      let value = 0;
      for (let j = 0; j < n; j++) value += this.a[i * n + j] * s[j];
      for (let j = 0; j < m; j++) value += this.b[i * m + j] * a[j];
      out[i] = value;
    }
  }

  /** log N(x; mean, LLᵀ) by forward substitution z = L^{-1}(x − mean), computed in place in a scratch. */
  private gaussianLogDensity(factor: Float64Array, logNormalizer: number, x: ArrayLike<number>, mean: Float64Array | undefined): number {
    const n = this.stateDim;
    const z = this.scratch;
    let quadratic = 0;
    for (let i = 0; i < n; i++) {
      let value = x[i] - (mean === undefined ? 0 : mean[i]);
      for (let k = 0; k < i; k++) value -= factor[i * n + k] * z[k];
      z[i] = value / factor[i * n + i];
      quadratic += z[i] * z[i];
    }
    return -0.5 * quadratic - logNormalizer;
  }
}

/** xᵀMx for M d×d row-major. */
function quadraticForm(matrix: Float64Array, x: ArrayLike<number>, d: number): number {
  let sum = 0;
  for (let i = 0; i < d; i++) {
    let row = 0;
    for (let j = 0; j < d; j++) row += matrix[i * d + j] * x[j];
    sum += x[i] * row;
  }
  return sum;
}

/** Σ log L_jj + (n/2) log 2π: the negated log-normaliser of N(·, LLᵀ). */
function gaussianLogNormalizer(factor: Float64Array, n: number): number {
  let sum = 0.5 * n * LOG_TWO_PI;
  for (let j = 0; j < n; j++) sum += Math.log(factor[j * n + j]);
  return sum;
}
