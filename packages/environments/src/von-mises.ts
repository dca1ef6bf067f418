import { logBesselI0, type Random } from '@mfpg/core';
import { wrapToTorus } from './torus-embedding';
import { TWO_PI } from './two-pi';

/**
 * The von Mises law on the unit torus [0,1) with concentration κ ≥ 0 (the transition kernel of
 * benchmarks B2 and B3, docs/math.md §7): density exp(κ cos 2π(x − m)) / I0(κ) w.r.t. Lebesgue on
 * [0,1), circular moments E[e^{2πi n (x − m)}] = I_n(κ)/I0(κ).
 */
export class VonMises {
  /** log I0(κ), the log-normaliser (finite for any κ via the scaled Bessel evaluation). */
  readonly logNormalizer: number;
  /** Best–Fisher envelope parameter s = (1 + ρ²)/(2ρ) (κ > 0). */
  private readonly envelope: number;

  constructor(readonly kappa: number) {
    if (!(Number.isFinite(kappa) && kappa >= 0)) throw new Error(`VonMises: κ must be finite and ≥ 0, got ${kappa}`);
    this.logNormalizer = logBesselI0(kappa);
    if (kappa < 1e-5) {
      // r − sqrt(2r) cancels for small κ; the Taylor expansion s = 1/κ + κ + O(κ³) is exact to rounding there.
      this.envelope = 1 / kappa + kappa;
    } else {
      const r = 1 + Math.sqrt(1 + 4 * kappa * kappa);
      const rho = (r - Math.sqrt(2 * r)) / (2 * kappa);
      this.envelope = (1 + rho * rho) / (2 * rho);
    }
  }

  /** Density at x of the law centred at `mean` (both on the unit torus). */
  density(x: number, mean: number): number {
    return Math.exp(this.kappa * Math.cos(TWO_PI * (x - mean)) - this.logNormalizer);
  }

  /**
   * One draw in [0,1) by the Best–Fisher (1979) rejection algorithm: a wrapped-Cauchy envelope
   * accepted with the exact von Mises ratio, so the draw is exact (not an approximation) and
   * the acceptance rate stays bounded away from 0 as κ grows. κ = 0 is the uniform law.
   */
  sample(rng: Random, mean: number): number {
    if (this.kappa === 0) return rng.uniform();
    const { kappa, envelope: s } = this;
    let w: number;
    for (;;) {
      const z = Math.cos(Math.PI * rng.uniform());
      w = (1 + s * z) / (s + z);
      const y = kappa * (s - w);
      const v = rng.uniform();
      if (y * (2 - y) - v >= 0 || Math.log(y / v) + 1 - y >= 0) break;
    }
    // |w| ≤ 1 exactly in real arithmetic; clamp the rounding before acos.
    const angle = Math.acos(Math.min(1, Math.max(-1, w)));
    return wrapToTorus(mean + (rng.uniform() < 0.5 ? -angle : angle) / TWO_PI);
  }
}
