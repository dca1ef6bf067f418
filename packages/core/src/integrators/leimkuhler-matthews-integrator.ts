import type { Integrator, IntegratorStep } from '../plugin-points/integrator';
import { checkIntegratorStep } from './integrator-step-checks';
import { sized } from './work-buffer';

/**
 * Leimkuhler–Matthews for the N-particle SDE (docs/math.md §6): an Euler drift step with the noise
 * averaged over two consecutive steps,
 *
 *   θ_{n+1} = θ_n + h (D F(ν_n, θ_n) − (σ²/2)∇U(θ_n)) + σ√h (ξ_n + ξ_{n+1})/2.
 *
 * Second order for stationary averages (for the Ornstein–Uhlenbeck part its stationary variance is
 * exactly s0²); paths and transients are first order (the mean of the cloud follows Euler's
 * recursion). One evaluation per step: the incoming drift.
 *
 * State: ξ_n, the previous step's noise, kept in the integrator. Randomness: the first step after
 * construction, `reset()` or a change of N·d draws ξ_n and then ξ_{n+1} (two `rng.fillNormal` of
 * N·d); every later step draws ξ_{n+1} only (one of N·d), all in row-major θ order.
 * `saveState`/`restoreState` carry ξ_n through engine snapshots, so a resumed run continues
 * exactly. σ = 0 is deterministic ascent (Euler) and draws nothing.
 */
export class LeimkuhlerMatthewsIntegrator implements Integrator {
  readonly name = 'leimkuhler-matthews';
  /** ξ_n, or empty when it must be drawn. */
  private previousNoise = new Float64Array(0);
  /** ξ_{n+1}; swapped with previousNoise after each step. */
  private nextNoise = new Float64Array(0);
  /** The increment θ_{n+1} − θ_n. */
  private increment = new Float64Array(0);

  /** Forgets ξ_n: the next step starts a fresh noise sequence. */
  reset(): void {
    this.previousNoise = new Float64Array(0);
  }

  /** ξ_n as N·d numbers (row-major), or null before the first step. */
  saveState(): number[] | null {
    return this.previousNoise.length > 0 ? Array.from(this.previousNoise) : null;
  }

  /** Restores what {@link saveState} returned (null: as after `reset()`). */
  restoreState(state: unknown): void {
    if (state === null) {
      this.reset();
      return;
    }
    if (!Array.isArray(state) || state.length === 0 || !state.every((value) => typeof value === 'number' && Number.isFinite(value))) {
      throw new RangeError(`${this.name}: restoreState expects null or the finite noise array saveState returned`);
    }
    this.previousNoise = Float64Array.from(state);
  }

  step(step: IntegratorStep): void {
    const size = checkIntegratorStep(this.name, step);
    const { theta, drift, dt, sigma, prior, rng } = step;
    if (sigma === 0) {
      for (let k = 0; k < size; k++) theta[k] += dt * drift[k];
      return;
    }
    if (this.previousNoise.length !== size) {
      this.previousNoise = new Float64Array(size);
      rng.fillNormal(this.previousNoise, 0, size);
    }
    this.nextNoise = sized(this.nextNoise, size);
    this.increment = sized(this.increment, size);
    const { previousNoise, nextNoise, increment } = this;
    rng.fillNormal(nextNoise, 0, size);
    const noiseScale = 0.5 * sigma * Math.sqrt(dt);
    for (let k = 0; k < size; k++) increment[k] = dt * drift[k] + noiseScale * (previousNoise[k] + nextNoise[k]);
    prior.addGradient(theta, -0.5 * sigma * sigma * dt, increment);
    for (let k = 0; k < size; k++) theta[k] += increment[k];
    this.previousNoise = nextNoise;
    this.nextNoise = previousNoise;
  }
}
