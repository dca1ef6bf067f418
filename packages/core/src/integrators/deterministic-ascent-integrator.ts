import type { Integrator, IntegratorStep } from '../plugin-points/integrator';
import { checkIntegratorStep } from './integrator-step-checks';

/**
 * Deterministic mean-field policy-gradient ascent (docs/math.md §6, σ = 0): the explicit Euler step
 * θ_i ← θ_i + h · D F(ν, θ_i) of dθ/dt = D F(ν, θ) (the prior term (σ²/2)∇U vanishes with σ).
 * First order; one evaluation per step (the incoming drift); draws no random numbers.
 *
 * It refuses σ > 0: silently dropping the noise would run a different flow than the config asks.
 */
export class DeterministicAscentIntegrator implements Integrator {
  readonly name = 'deterministic';

  step(step: IntegratorStep): void {
    const size = checkIntegratorStep(this.name, step);
    const { theta, drift, dt, sigma } = step;
    if (sigma !== 0) {
      throw new RangeError(`${this.name}: deterministic ascent needs regularization.sigma = 0, got σ = ${sigma}; choose a stochastic integrator for σ > 0`);
    }
    for (let k = 0; k < size; k++) theta[k] += dt * drift[k];
  }
}
