import {
  createFlow,
  createRandom,
  type DriftField,
  Evaluator,
  Integrator,
  ParameterPrior,
  ParticleBackend,
  type Random,
  type RandomState,
  Unit,
} from 'mfpg';

/**
 * Test support for docs/math.md §7 "Linear unit, exact Gaussian reduction": B3 (controlled torus) on an
 * 8×8 grid with φ(θ,x) = θ·x, x = (cos2πs, sin2πs, cos2πa, sin2πa), d = 4, prior s0.
 * G(m) = V^{π_{m·x}}(ρ) is the grid evaluator's value, so the reference and the particle runs use
 * the same G: the comparison isolates the time discretisation.
 */
export const S0 = 1;
export const TAU = 0.2;

export interface LinearProblem {
  readonly dim: number;
  readonly integrator: Integrator;
  readonly prior: ParameterPrior;
  /** D F(ν_θ, θ_i) = ∇G(mean θ) for every particle (docs/math.md §7). */
  readonly field: DriftField;
  /** ∇G(m) for one parameter vector m (d numbers), by the drift of a single particle at m. */
  gradientG(m: Float64Array, out: Float64Array): Promise<void>;
  /** G(m). */
  valueG(m: Float64Array): Promise<number>;
}

/** A fresh container (so integrators start without state) for one integrator, σ and N. */
export function linearProblem(integratorName: string, sigma: number, particleCount: number): LinearProblem {
  const { container, engine } = createFlow({
    env: { name: 'controlled-torus', grid: { states: 8, actions: 8 } },
    policy: { unit: 'linear' },
    regularization: { tau: TAU, sigma, s0: S0 },
    particles: { count: particleCount },
    flow: { integrator: integratorName, dt: 0.1, horizon: 1 },
  });
  const evaluator = container.get<Evaluator>(Evaluator);
  const backend = container.get<ParticleBackend>(ParticleBackend);
  const unit = container.get<Unit>(Unit);
  const dim = engine.dim;
  const kernels = backend.compile(unit, particleCount, dim);
  const single = backend.compile(unit, 1, dim);
  const rng = createRandom(0);
  const field: DriftField = async (theta, out) => {
    const evaluation = await evaluator.evaluate({ forward: (points, f) => kernels.forward(theta, points, f) }, rng);
    await kernels.drift(theta, evaluation.points, evaluation.weights, out);
    return evaluation;
  };
  return {
    dim,
    integrator: container.get<Integrator>(Integrator),
    prior: container.get<ParameterPrior>(ParameterPrior),
    field,
    async gradientG(m, out) {
      const evaluation = await evaluator.evaluate({ forward: (points, f) => single.forward(m, points, f) }, rng);
      await single.drift(m, evaluation.points, evaluation.weights, out);
    },
    async valueG(m) {
      return (await evaluator.evaluate({ forward: (points, f) => single.forward(m, points, f) }, rng)).value;
    },
  };
}

/** Runs `steps` steps of the problem's integrator from θ in place (the engine's loop without events). */
export async function integrate(problem: LinearProblem, theta: Float64Array, particleCount: number, sigma: number, dt: number, steps: number, rng: Random, each?: () => void): Promise<void> {
  const drift = new Float64Array(theta.length);
  const step = { theta, drift, particleCount, dim: problem.dim, dt, sigma, prior: problem.prior, rng, field: problem.field };
  for (let n = 0; n < steps; n++) {
    await problem.field(theta, drift);
    await problem.integrator.step(step);
    each?.();
  }
}

/**
 * Antithetic normals: particle i + N/2 gets −ξ of particle i, so the cloud's mean sees no noise
 * (exactly, up to round-off) and the particle mean follows the scheme's deterministic recursion for
 * dm/dt = ∇G(m) − κm. A valid Random for integrators that draw by fillNormal of N·d.
 */
export class AntitheticRandom implements Random {
  constructor(
    private readonly base: Random,
    private readonly particleCount: number,
  ) {
    if (particleCount % 2 !== 0) throw new RangeError('AntitheticRandom needs an even particle count');
  }
  fillNormal(out: Float64Array, offset = 0, count = out.length - offset): void {
    const half = count / 2;
    if (count % this.particleCount !== 0) throw new RangeError(`AntitheticRandom: draws must be whole N·d blocks, got ${count}`);
    this.base.fillNormal(out, offset, half);
    for (let j = 0; j < half; j++) out[offset + half + j] = -out[offset + j];
  }
  uniform(): number {
    throw new Error('AntitheticRandom: only fillNormal is antithetic');
  }
  normal(): number {
    throw new Error('AntitheticRandom: only fillNormal is antithetic');
  }
  state(): RandomState {
    return this.base.state();
  }
  split(): Random {
    throw new Error('AntitheticRandom: split is not supported');
  }
}

/** Least-squares slope of log y against log x. */
export function logLogSlope(x: readonly number[], y: readonly number[]): number {
  const lx = x.map(Math.log);
  const ly = y.map(Math.log);
  const mx = lx.reduce((a, b) => a + b) / lx.length;
  const my = ly.reduce((a, b) => a + b) / ly.length;
  const sxx = lx.reduce((a, v) => a + (v - mx) ** 2, 0);
  return lx.reduce((a, v, i) => a + (v - mx) * (ly[i] - my), 0) / sxx;
}
