import type { ParameterPrior } from '../plugin-points/parameter-prior';
import type { Random } from '../plugin-points/random';

/**
 * The default Gibbs reference g = N(0, s0² I) (docs/math.md §3): U(θ) = |θ|²/(2 s0²),
 * ∇U(θ) = θ/s0², log Z_U = (d/2) log(2π s0²). Under the mean-field Langevin flow without
 * drift it is the Ornstein–Uhlenbeck stationary law with rate κ = σ²/(2 s0²) (docs/math.md §6).
 */
export class GaussianPrior implements ParameterPrior {
  readonly name = 'gaussian';
  private readonly inverseVariance: number;

  /** @param s0 prior standard deviation, > 0 (same units as θ). */
  constructor(readonly s0: number) {
    if (!(s0 > 0) || !Number.isFinite(s0)) {
      throw new RangeError(`Gaussian prior scale s0 must be a finite number > 0, got ${s0}`);
    }
    this.inverseVariance = 1 / (s0 * s0);
  }

  /** U(θ) = |θ|²/(2 s0²) for one parameter vector θ ∈ R^d. */
  potential(theta: ArrayLike<number>): number {
    let squaredNorm = 0;
    for (let k = 0; k < theta.length; k++) squaredNorm += theta[k] * theta[k];
    return 0.5 * squaredNorm * this.inverseVariance;
  }

  /**
   * out[k] += scale · θ[k]/s0² over a whole N×d buffer: ∇U acts entrywise, so the particle
   * layout does not matter. `out` may be `theta` itself.
   */
  addGradient(theta: Float64Array, scale: number, out: Float64Array): void {
    if (out.length !== theta.length) {
      throw new RangeError(`addGradient: out has length ${out.length}, theta has ${theta.length}`);
    }
    const factor = scale * this.inverseVariance;
    for (let k = 0; k < theta.length; k++) out[k] += factor * theta[k];
  }

  /** log Z_U = log ∫_{R^dim} e^{−|θ|²/(2 s0²)} dθ = (dim/2) log(2π s0²). */
  logNormalizer(dim: number): number {
    return 0.5 * dim * Math.log(2 * Math.PI * this.s0 * this.s0);
  }

  /** Writes θ ~ N(0, s0² I_dim) into out[offset … offset+dim). */
  sample(rng: Random, out: Float64Array, offset: number, dim: number): void {
    rng.fillNormal(out, offset, dim);
    for (let k = offset; k < offset + dim; k++) out[k] *= this.s0;
  }
}
