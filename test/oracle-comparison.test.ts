import { describe, expect, it } from 'vitest';
import { B2, B3, defaultArgs, objective, makeProblem, runFlow } from '../examples/oracle/mean-field-policy-gradient';
import { createFlow, createRandom } from 'mfpg';

/**
 * The framework against the single-file oracle (examples/oracle): the same problem, the same
 * initial particles and the same Brownian increments (both consume one generator in the oracle's
 * documented draw order), so the trajectories must agree to round-off. The oracle uses Math.tanh
 * and another summation order; the framework's product-grid kernels compute tanh from exponentials
 * (a few ulps), so values agree to ~1e-12 relative after a few dozen steps, far below any modelling error.
 */
describe('framework = oracle', () => {
  it.each([
    ['controlled-torus', B3, 0.2, 3],
    ['controlled-torus', B3, 0, Infinity],
    ['action-independent-torus', B2, 0.5, 2],
  ] as const)('%s, σ = %s, L = %s', async (envName, oracleEnv, sigma, outputBound) => {
    const steps = 25;
    const args = { ...defaultArgs, env: oracleEnv, tau: 0.3, stateNodes: 16, actionNodes: 12, particles: 30, outputBound, sigma, dt: 0.1, steps, initStd: 1.2 };
    const oracle = runFlow(args, (() => {
      const rng = createRandom(5);
      return () => rng.normal();
    })());

    const { engine } = createFlow({
      env: { name: envName, grid: { states: 16, actions: 12 } },
      policy: { outputBound: outputBound === Infinity ? null : outputBound },
      regularization: { tau: 0.3, sigma, s0: 1 },
      particles: { count: 30, init: { name: 'gaussian', mean: 0, std: 1.2 } },
      flow: { dt: 0.1, horizon: steps * 0.1 },
      seed: 5,
    });
    const values: number[] = [];
    engine.steps$.subscribe((event) => values.push(event.value));
    await engine.run();

    expect(values).toHaveLength(steps + 1);
    for (let n = 0; n < steps; n++) expect(Math.abs(values[n] - oracle.values[n])).toBeLessThan(1e-10 * Math.max(1, Math.abs(oracle.values[n])));
    const finalValue = objective(makeProblem(args), oracle.theta, outputBound);
    expect(Math.abs(values[steps] - finalValue)).toBeLessThan(1e-10 * Math.max(1, Math.abs(finalValue)));
    for (let k = 0; k < oracle.theta.length; k++) expect(Math.abs(engine.theta[k] - oracle.theta[k])).toBeLessThan(1e-10);
  });
});
