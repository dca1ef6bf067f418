/** A linear operator x ↦ out = A x on R^n (must not read `out` before writing it). */
export type LinearOperator = (x: Float64Array, out: Float64Array) => void;

/**
 * Restarted GMRES(m) (Saad & Schultz 1986) for A x = b of one fixed size n, with every buffer
 * allocated once: a Krylov basis of m + 1 vectors built by modified Gram–Schmidt, Givens rotations
 * on the Hessenberg matrix, restart after m steps. Used for the soft Bellman systems
 * (I − γP_π)V = b on large grids (docs/math.md §5), whose spectrum lies in the disc |z − 1| ≤ γ, so
 * the iteration converges without preconditioning; a warm start from the previous flow step's
 * solution needs few iterations because the policy changes little per step.
 */
export class RestartedGmres {
  private readonly basis: Float64Array[];
  /** (m+1)×m Hessenberg matrix, column j at j·(m+1). */
  private readonly hessenberg: Float64Array;
  private readonly cosines: Float64Array;
  private readonly sines: Float64Array;
  private readonly residualVector: Float64Array;
  private readonly coefficients: Float64Array;
  private readonly work: Float64Array;
  /** M⁻¹ of a basis vector, or of the correction V y (right preconditioning). */
  private readonly preconditioned: Float64Array;
  /** Matrix–vector products of the last `solve`. */
  lastIterations = 0;
  /** ‖b − Ax‖₂/‖b‖₂ at the end of the last `solve`. */
  lastRelativeResidual = Number.NaN;

  constructor(
    readonly n: number,
    /** Krylov dimension m before a restart. */
    readonly restart = 40,
  ) {
    if (!(Number.isInteger(n) && n >= 1)) throw new Error(`RestartedGmres: size must be a positive integer, got ${n}`);
    const m = Math.min(restart, n);
    this.restart = m;
    this.basis = Array.from({ length: m + 1 }, () => new Float64Array(n));
    this.hessenberg = new Float64Array((m + 1) * m);
    this.cosines = new Float64Array(m);
    this.sines = new Float64Array(m);
    this.residualVector = new Float64Array(m + 1);
    this.coefficients = new Float64Array(m);
    this.work = new Float64Array(n);
    this.preconditioned = new Float64Array(n);
  }

  /**
   * Solves A x = b to ‖b − Ax‖₂ ≤ tolerance·‖b‖₂. `x` holds the initial guess (warm start) and
   * receives the solution. Throws if maxIterations products do not reach the tolerance, or at
   * once if the residual is not finite.
   *
   * With `precondition` (z = M⁻¹v for a fixed M ≈ A), GMRES runs on A M⁻¹ (right preconditioning):
   * the residual it minimises and tests is still that of A x = b, and x moves by M⁻¹ V y.
   */
  solve(apply: LinearOperator, b: Float64Array, x: Float64Array, tolerance: number, maxIterations: number, precondition?: LinearOperator): void {
    const { n, restart: m, basis, hessenberg: h, cosines, sines, residualVector: g, coefficients: y, work, preconditioned } = this;
    const bNorm = norm(b);
    this.lastIterations = 0;
    if (bNorm === 0) {
      x.fill(0);
      this.lastRelativeResidual = 0;
      return;
    }
    const target = tolerance * bNorm;
    for (;;) {
      apply(x, work);
      this.lastIterations++;
      const r = basis[0];
      for (let i = 0; i < n; i++) r[i] = b[i] - work[i];
      const beta = norm(r);
      this.lastRelativeResidual = beta / bNorm;
      if (beta <= target) return;
      if (!Number.isFinite(beta)) throw new Error(`RestartedGmres: the residual is ${beta} (non-finite system or right-hand side)`);
      if (this.lastIterations >= maxIterations) {
        throw new Error(`RestartedGmres: relative residual ${beta / bNorm} after ${this.lastIterations} products, above the tolerance ${tolerance}`);
      }
      for (let i = 0; i < n; i++) r[i] /= beta;
      g.fill(0);
      g[0] = beta;
      let steps = 0;
      for (let j = 0; j < m; j++) {
        const w = basis[j + 1];
        if (precondition === undefined) apply(basis[j], w);
        else {
          precondition(basis[j], preconditioned);
          apply(preconditioned, w);
        }
        this.lastIterations++;
        for (let i = 0; i <= j; i++) {
          const vi = basis[i];
          let dot = 0;
          for (let l = 0; l < n; l++) dot += w[l] * vi[l];
          h[j * (m + 1) + i] = dot;
          for (let l = 0; l < n; l++) w[l] -= dot * vi[l];
        }
        const wNorm = norm(w);
        h[j * (m + 1) + j + 1] = wNorm;
        if (wNorm > 0) for (let l = 0; l < n; l++) w[l] /= wNorm;
        for (let i = 0; i < j; i++) {
          const a = h[j * (m + 1) + i];
          const c = h[j * (m + 1) + i + 1];
          h[j * (m + 1) + i] = cosines[i] * a + sines[i] * c;
          h[j * (m + 1) + i + 1] = -sines[i] * a + cosines[i] * c;
        }
        const diagonal = h[j * (m + 1) + j];
        const below = h[j * (m + 1) + j + 1];
        const radius = Math.hypot(diagonal, below);
        cosines[j] = radius === 0 ? 1 : diagonal / radius;
        sines[j] = radius === 0 ? 0 : below / radius;
        h[j * (m + 1) + j] = radius;
        h[j * (m + 1) + j + 1] = 0;
        g[j + 1] = -sines[j] * g[j];
        g[j] = cosines[j] * g[j];
        steps = j + 1;
        // |g_{j+1}| is the residual norm of the current iterate (in exact arithmetic).
        if (Math.abs(g[j + 1]) <= target || wNorm === 0 || this.lastIterations >= maxIterations) break;
      }
      for (let i = steps - 1; i >= 0; i--) {
        let value = g[i];
        for (let k = i + 1; k < steps; k++) value -= h[k * (m + 1) + i] * y[k];
        y[i] = value / h[i * (m + 1) + i];
      }
      // x += V y, or M⁻¹ V y when preconditioned (V y gathered in `work`, free until the restart).
      const correction = precondition === undefined ? x : work;
      if (precondition !== undefined) work.fill(0);
      for (let k = 0; k < steps; k++) {
        const vk = basis[k];
        const yk = y[k];
        for (let l = 0; l < n; l++) correction[l] += yk * vk[l];
      }
      if (precondition !== undefined) {
        precondition(work, preconditioned);
        for (let l = 0; l < n; l++) x[l] += preconditioned[l];
      }
    }
  }
}

function norm(v: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i] * v[i];
  return Math.sqrt(sum);
}
