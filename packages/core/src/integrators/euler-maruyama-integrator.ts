import type { Integrator, IntegratorStep } from '../plugin-points/integrator';

/**
 * Euler–Maruyama for the N-particle mean-field Langevin SDE (docs/math.md §3, §6):
 *
 *   θ_i ← θ_i + dt · (D F(ν, θ_i) − (σ²/2) ∇U(θ_i)) + σ √dt · ξ_i,   ξ_i ~ N(0, I_d) independent.
 *
 * Weak order 1; its invariant measure is biased by O(dt). For the Gaussian prior without drift
 * (the Ornstein–Uhlenbeck part, κ = σ²/(2 s0²)) the stationary variance is σ²/(κ(2 − κ dt))
 * instead of s0², and the scheme is stable only for κ dt < 2 (docs/math.md §7, linear unit).
 *
 * Randomness: exactly one `rng.fillNormal` of N·d numbers per step, in the row-major (particle-
 * major) order of θ, so a run is reproducible from its seed; none at all when σ = 0, which is
 * deterministic mean-field ascent (the prior term (σ²/2)∇U vanishes with σ).
 *
 * Allocation: one N·d work buffer, created on the first step and replaced only if N·d changes.
 */
export class EulerMaruyamaIntegrator implements Integrator {
  readonly name = 'euler-maruyama';
  /** Holds ξ, then the whole increment θ(t+dt) − θ(t); N×d row-major. */
  private increment = new Float64Array(0);

  step(step: IntegratorStep): void {
    const { theta, drift, particleCount, dim, dt, sigma, prior, rng } = step;
    const size = particleCount * dim;
    checkStep(step, size);

    if (sigma === 0) {
      for (let k = 0; k < size; k++) theta[k] += dt * drift[k];
      return;
    }

    if (this.increment.length !== size) this.increment = new Float64Array(size);
    const increment = this.increment;
    rng.fillNormal(increment, 0, size);
    const noiseScale = sigma * Math.sqrt(dt);
    for (let k = 0; k < size; k++) increment[k] = dt * drift[k] + noiseScale * increment[k];
    // ∇U is taken at the incoming θ (explicit scheme), so it is added before θ moves.
    prior.addGradient(theta, -0.5 * sigma * sigma * dt, increment);
    for (let k = 0; k < size; k++) theta[k] += increment[k];
  }
}

function checkStep(step: IntegratorStep, size: number): void {
  const { theta, drift, particleCount, dim, dt, sigma } = step;
  if (!Number.isInteger(particleCount) || particleCount < 1 || !Number.isInteger(dim) || dim < 1) {
    throw new RangeError(`particleCount and dim must be positive integers, got ${particleCount} and ${dim}`);
  }
  if (theta.length !== size || drift.length !== size) {
    throw new RangeError(`theta and drift must hold N·d = ${size} numbers, got ${theta.length} and ${drift.length}`);
  }
  if (!(dt > 0) || !Number.isFinite(dt)) throw new RangeError(`dt must be a finite number > 0, got ${dt}`);
  if (!(sigma >= 0) || !Number.isFinite(sigma)) throw new RangeError(`sigma must be a finite number ≥ 0, got ${sigma}`);
}
