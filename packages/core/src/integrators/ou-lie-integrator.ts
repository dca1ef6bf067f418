import type { Integrator, IntegratorStep } from '../plugin-points/integrator';
import { checkIntegratorStep, requireGaussianScale } from './integrator-step-checks';
import { sized } from './work-buffer';
import { ornsteinUhlenbeckStep } from './ornstein-uhlenbeck-step';

/**
 * Lie (first-order) OU splitting for the Gaussian prior U = |θ|²/(2 s0²) (docs/math.md §6): an Euler
 * step of the mean-field drift, then the exact Ornstein–Uhlenbeck step of the prior and the noise,
 *
 *   θ* = θ + h · D F(ν, θ),   θ ← e^{−κh} θ* + s0·sqrt(1 − e^{−2κh})·ξ,   κ = σ²/(2 s0²).
 *
 * Weak order 1 (the splitting error); the OU part is exact, so there is no stability limit from
 * κh and, without drift, the stationary law is exactly N(0, s0² I).
 *
 * Evaluations: none beyond the incoming drift. Randomness: one `rng.fillNormal` of N·d per step
 * (row-major θ order); none when σ = 0 (then it is deterministic ascent).
 * Requires `prior.s0` (an exactly quadratic U); throws otherwise.
 */
export class OuLieIntegrator implements Integrator {
  readonly name = 'ou-lie';
  /** ξ, N×d row-major. */
  private noise = new Float64Array(0);

  step(step: IntegratorStep): void {
    const size = checkIntegratorStep(this.name, step);
    const { theta, drift, dt, sigma, prior, rng } = step;
    const s0 = requireGaussianScale(this.name, prior);
    for (let k = 0; k < size; k++) theta[k] += dt * drift[k];
    if (sigma === 0) return;
    this.noise = sized(this.noise, size);
    ornsteinUhlenbeckStep(theta, size, sigma, s0, dt, rng, this.noise);
  }
}
