/**
 * A complete custom integrator, registered by name: the stochastic midpoint scheme
 *
 *   θ* = θ + (dt/2)·b(θ),   θ ← θ + dt·b(θ*) + σ√dt·ξ,   b(θ) = D F(ν_θ, θ) − (σ²/2)∇U(θ),
 *
 * a predictor–corrector of the drift (two evaluations per step, like stochastic Heun; docs/math.md §6).
 * It shows the Integrator contract: update `step.theta` (N×d) in place, take D F at the incoming
 * particles from `step.drift`, and call `step.field(buffer, out)` for D F at other particles.
 *
 * Use it from code: createFlow({ flow: { integrator: 'midpoint' } }, { modules: [midpointIntegratorModule] });
 * from the CLI: mfpg run --plugin examples/custom-env/midpoint-integrator.ts --set flow.integrator=midpoint
 * (under a TypeScript loader: node --import tsx …; or compile it to JavaScript first, docs/plugins.md).
 */
import { bindPlugin, type Integrator, type IntegratorStep } from 'mfpg';
import { ContainerModule } from 'inversify';

export class MidpointIntegrator implements Integrator {
  readonly name = 'midpoint';
  /** θ*, then the drift there; allocated on the first step (N×d). */
  private midpoint = new Float64Array(0);
  private midpointDrift = new Float64Array(0);

  async step(step: IntegratorStep): Promise<void> {
    const { theta, drift, particleCount, dim, dt, sigma, prior, rng, field } = step;
    const size = particleCount * dim;
    if (this.midpoint.length !== size) {
      this.midpoint = new Float64Array(size);
      this.midpointDrift = new Float64Array(size);
    }
    const { midpoint, midpointDrift } = this;
    const friction = -0.5 * sigma * sigma;
    // Predictor: half an Euler step of the drift b = D F − (σ²/2)∇U.
    for (let k = 0; k < size; k++) midpoint[k] = theta[k] + 0.5 * dt * drift[k];
    prior.addGradient(theta, 0.5 * dt * friction, midpoint);
    // Corrector: the full step with b at θ*, plus the noise.
    await field(midpoint, midpointDrift);
    prior.addGradient(midpoint, friction, midpointDrift);
    for (let k = 0; k < size; k++) theta[k] += dt * midpointDrift[k] + sigma * Math.sqrt(dt) * rng.normal();
  }
}

export const midpointIntegratorModule = new ContainerModule((options) => {
  bindPlugin(
    options,
    { point: 'integrator', name: 'midpoint', description: 'stochastic midpoint predictor–corrector (examples/custom-env)' },
    { useFactory: () => new MidpointIntegrator() },
  );
});
