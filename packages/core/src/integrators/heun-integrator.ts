import type { Integrator, IntegratorStep } from '../plugin-points/integrator';
import { checkIntegratorStep } from './integrator-step-checks';
import { sized } from './work-buffer';

/**
 * Stochastic Heun (predictor–corrector) for the N-particle SDE with additive noise
 * dθ = a(θ) dt + σ dW, a(θ_i) = D F(ν, θ_i) − (σ²/2)∇U(θ_i) (docs/math.md §3, §6):
 *
 *   θ̃ = θ + h a(θ) + σ√h ξ              (all particles jointly, so ν̃ is the predicted cloud),
 *   θ ← θ + (h/2)(a(θ) + ã(θ̃)) + σ√h ξ,  ã(θ̃_i) = D F(ν̃, θ̃_i) − (σ²/2)∇U(θ̃_i),
 *
 * with the same ξ in both stages. Weak order 2 for additive noise; for the Ornstein–Uhlenbeck part
 * (κ = σ²/(2 s0²), x = κh) its stationary variance is s0²(2 − x)/(2 − x + x²/2) = s0²(1 + O(h²)).
 *
 * Evaluations: one per step through `field` (at θ̃), besides the incoming drift. Randomness: one
 * `rng.fillNormal` of N·d per step (row-major θ order); none when σ = 0 (then it is Heun's RK2
 * for the mean-field ascent ODE).
 */
export class HeunIntegrator implements Integrator {
  readonly name = 'heun';
  /** a(θ) at the incoming particles. */
  private incomingRate = new Float64Array(0);
  /** σ√h ξ. */
  private noise = new Float64Array(0);
  /** θ̃ (kept across steps, so the step allocates nothing). */
  private predictor = new Float64Array(0);
  /** D F(ν̃, θ̃), then ã(θ̃). */
  private predictedRate = new Float64Array(0);

  async step(step: IntegratorStep): Promise<void> {
    const size = checkIntegratorStep(this.name, step);
    const { theta, drift, dt, sigma, prior, rng, field } = step;
    this.allocate(size);
    const { incomingRate, noise, predictor, predictedRate } = this;
    const priorScale = -0.5 * sigma * sigma;

    incomingRate.set(drift);
    if (sigma > 0) {
      prior.addGradient(theta, priorScale, incomingRate);
      rng.fillNormal(noise, 0, size);
      const noiseScale = sigma * Math.sqrt(dt);
      for (let k = 0; k < size; k++) noise[k] *= noiseScale;
    } else {
      noise.fill(0);
    }
    for (let k = 0; k < size; k++) predictor[k] = theta[k] + dt * incomingRate[k] + noise[k];
    await field(predictor, predictedRate);
    if (sigma > 0) prior.addGradient(predictor, priorScale, predictedRate);
    for (let k = 0; k < size; k++) theta[k] += 0.5 * dt * (incomingRate[k] + predictedRate[k]) + noise[k];
  }

  private allocate(size: number): void {
    this.incomingRate = sized(this.incomingRate, size);
    this.noise = sized(this.noise, size);
    this.predictor = sized(this.predictor, size);
    this.predictedRate = sized(this.predictedRate, size);
  }
}
