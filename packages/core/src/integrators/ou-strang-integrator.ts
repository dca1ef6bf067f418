import type { Integrator, IntegratorStep } from '../plugin-points/integrator';
import { checkIntegratorStep, requireGaussianScale } from './integrator-step-checks';
import { sized } from './work-buffer';
import { ornsteinUhlenbeckStep } from './ornstein-uhlenbeck-step';

/**
 * Strang (second-order) OU splitting for the Gaussian prior U = |θ|²/(2 s0²) (docs/math.md §6):
 * half an exact Ornstein–Uhlenbeck step, a full second-order (Heun, RK2) step of the mean-field
 * ODE dθ/dt = D F(ν, θ) for all particles jointly, half an OU step:
 *
 *   θ* = e^{−κh/2} θ + s0·sqrt(1 − e^{−κh})·ξ₁,
 *   b₁ = D F(ν*, θ*),  θ** = θ* + h b₁,  b₂ = D F(ν**, θ**),  θ*** = θ* + (h/2)(b₁ + b₂),
 *   θ ← e^{−κh/2} θ*** + s0·sqrt(1 − e^{−κh})·ξ₂,   κ = σ²/(2 s0²).
 *
 * Weak order 2. Evaluations: two per step through `field` (the incoming drift is at θ, not at θ*,
 * so it is reused only when σ = 0, where the OU half steps are the identity: one evaluation).
 * Randomness: two `rng.fillNormal` of N·d per step (ξ₁ then ξ₂, row-major θ order); none when σ = 0.
 * Requires `prior.s0` (an exactly quadratic U); throws otherwise.
 */
export class OuStrangIntegrator implements Integrator {
  readonly name = 'ou-strang';
  /** ξ₁, ξ₂ in turn. */
  private noise = new Float64Array(0);
  /** b₁ = D F at θ*. */
  private firstDrift = new Float64Array(0);
  /** θ** = θ* + h b₁ (kept across steps: the engine caches one network per buffer). */
  private predictor = new Float64Array(0);
  /** b₂ = D F at θ**. */
  private secondDrift = new Float64Array(0);

  async step(step: IntegratorStep): Promise<void> {
    const size = checkIntegratorStep(this.name, step);
    const { theta, drift, dt, sigma, prior, rng, field } = step;
    const s0 = requireGaussianScale(this.name, prior);
    this.allocate(size);
    const { noise, firstDrift, predictor, secondDrift } = this;

    if (sigma > 0) {
      ornsteinUhlenbeckStep(theta, size, sigma, s0, dt / 2, rng, noise);
      await field(theta, firstDrift);
    } else {
      firstDrift.set(drift);
    }
    for (let k = 0; k < size; k++) predictor[k] = theta[k] + dt * firstDrift[k];
    await field(predictor, secondDrift);
    for (let k = 0; k < size; k++) theta[k] += 0.5 * dt * (firstDrift[k] + secondDrift[k]);
    if (sigma > 0) ornsteinUhlenbeckStep(theta, size, sigma, s0, dt / 2, rng, noise);
  }

  private allocate(size: number): void {
    this.noise = sized(this.noise, size);
    this.firstDrift = sized(this.firstDrift, size);
    this.predictor = sized(this.predictor, size);
    this.secondDrift = sized(this.secondDrift, size);
  }
}
