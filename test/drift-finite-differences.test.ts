import { describe, expect, it } from 'vitest';
import { createFlow, createRandom, Evaluator, ParticleBackend, Unit } from 'mfpg';

/**
 * docs/math.md §3: for N particles, ∇_{θ_i} F(ν^N) = (1/N)·D F(ν^N, θ_i). Checked through the whole
 * framework (grid evaluator + CPU backend + neuron unit) by central differences.
 * Step h = 1e-5: truncation O(h²·|F'''|) ≈ 1e-10 and round-off O(ε·|F|/h) ≈ 1e-10 against
 * gradient entries of order 1e-2, so agreement to 1e-6 of the largest entry is a strict check.
 */
describe('drift = N · gradient of F with respect to one particle', () => {
  it.each([
    ['controlled-torus', 'tanh', 3],
    ['controlled-torus', 'sigmoid', null],
    ['action-independent-torus', 'sin', 3],
    ['torus-bandit', 'softplus', 2],
  ] as const)('%s with %s (L = %s)', async (envName, activation, outputBound) => {
    const grid = envName === 'torus-bandit' ? { states: 1, actions: 16 } : { states: 8, actions: 8 };
    const particleCount = 5;
    const { container, engine } = createFlow({
      env: { name: envName, grid },
      policy: { activation, outputBound },
      particles: { count: particleCount, init: { name: 'gaussian', mean: 0, std: 1.5 } },
      regularization: { tau: 0.2 },
    });
    const evaluator = container.get<Evaluator>(Evaluator);
    const kernels = container.get<ParticleBackend>(ParticleBackend).compile(container.get<Unit>(Unit), particleCount, engine.dim);
    const rng = createRandom(0);
    const theta = Float64Array.from(engine.theta);
    const value = async (at: Float64Array) => (await evaluator.evaluate({ forward: (points, out) => kernels.forward(at, points, out) }, rng)).value;

    const evaluation = await evaluator.evaluate({ forward: (points, out) => kernels.forward(theta, points, out) }, rng);
    const drift = new Float64Array(theta.length);
    await kernels.drift(theta, evaluation.points, evaluation.weights, drift);

    const h = 1e-5;
    const gradient = new Float64Array(theta.length);
    for (let k = 0; k < theta.length; k++) {
      const plus = Float64Array.from(theta);
      const minus = Float64Array.from(theta);
      plus[k] += h;
      minus[k] -= h;
      gradient[k] = ((await value(plus)) - (await value(minus))) / (2 * h);
    }
    const scale = Math.max(...Array.from(drift, (g) => Math.abs(g) / particleCount));
    expect(scale).toBeGreaterThan(1e-4);
    for (let k = 0; k < theta.length; k++) {
      expect(Math.abs(gradient[k] - drift[k] / particleCount)).toBeLessThan(1e-6 * scale);
    }
  });
});
