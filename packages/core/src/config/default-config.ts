import type { RunConfig } from './run-config';

/**
 * The embedded default experiment: the controlled torus B3 of docs/math.md §7 with N = 1000 neurons,
 * τ = 0.1, σ = 0.5, s0 = 1, L = 3, Euler–Maruyama with dt = 0.05 up to t = 20, on a 64×64 grid (the grid default when the
 * environment suggests none); one replica.
 */
export const defaultConfig: RunConfig = {
  env: { name: 'controlled-torus', params: {}, grid: {} },
  policy: { unit: 'neuron', activation: 'tanh', outputBound: 3 },
  regularization: { tau: 0.1, sigma: 0.5, s0: 1, prior: 'gaussian' },
  particles: { count: 1000, init: { name: 'gaussian', mean: 0, std: 1 } },
  flow: { integrator: 'euler-maruyama', dt: 0.05, horizon: 20, maxParticleNorm: 1e6 },
  evaluator: { name: 'grid', params: {} },
  backend: { name: 'cpu', params: {} },
  seed: 0,
  monitor: { every: 10, klNeighbors: 1, metrics: [], sinks: { progress: {}, jsonl: {}, plots: {} }, stop: {} },
  replicas: { count: 1, noise: 'independent' },
};
