import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRandom, type Environment, GridEvaluator, type GridPolicyEvaluation, type PolicyNetwork } from '@mfpg/core';
import { MountainCarContinuous, Pendulum } from '@mfpg/environments';
import { describe, expect, it } from 'vitest';
import { chooseBellmanSolver } from '../packages/core/src/evaluators/bellman-solver-choice';
import { runExperiment } from '../packages/mfpg/src/run-experiment';
import { freshDirectory, runCli, withOverrides } from './helpers';

/** max_i |a_i − b_i| / max_i |b_i|. */
function relativeDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let scale = 0;
  let difference = 0;
  for (let i = 0; i < b.length; i++) {
    scale = Math.max(scale, Math.abs(b[i]));
    difference = Math.max(difference, Math.abs(a[i] - b[i]));
  }
  return difference / scale;
}

/** f(s, u) = u·(bias + Σ_c w_c ψ_c(s)), with u the last feature: a smooth state-dependent tilt of the action. */
function tiltPolicy(bias: number, stateWeights: readonly number[]): PolicyNetwork {
  return {
    forward(points, out) {
      for (let j = 0; j < points.count; j++) {
        const x = j * points.dim;
        let slope = bias;
        for (let c = 0; c < stateWeights.length; c++) slope += stateWeights[c] * points.data[x + c];
        out[j] = points.data[x + points.dim - 1] * slope;
      }
    },
  };
}

const cases: [string, () => Environment, PolicyNetwork][] = [
  // Features (cos θ, sin θ, θ̇, u): torque against the motion and the fall.
  ['pendulum', () => new Pendulum(), tiltPolicy(0, [0, -2, -0.5])],
  // Features (x, v, u): push along the velocity (energy pumping), with a bias to the right.
  ['mountain-car-continuous', () => new MountainCarContinuous(), tiltPolicy(1, [0, 60])],
];

describe('grid solvers on interpolated kernels (docs/math.md §5)', () => {
  it.each(cases)('%s: the sparse skyline LU equals the dense LU to 1e-10 relative on the default 41×41×9 grid (V, d, Q, W, F)', async (_name, env, policy) => {
    const options = { tau: 0.1, statesPerDim: 41, actionsPerDim: 9 };
    const dense = await new GridEvaluator(env(), { ...options, solver: 'dense' }).evaluate(policy, createRandom(0));
    const sparse = await new GridEvaluator(env(), { ...options, solver: 'sparse' }).evaluate(policy, createRandom(0));
    expectSameEvaluation(sparse, dense);
    // `auto` picks the sparse factorisation on these grids: the same numbers, bit for bit.
    const auto = await new GridEvaluator(env(), options).evaluate(policy, createRandom(0));
    expect(auto.V).toEqual(sparse.V);
    expect(auto.occupancy).toEqual(sparse.occupancy);
  });

  it('orders Pendulum’s grid with the periodic θ fastest (the factorisation cost docs/environments.md quotes)', () => {
    const { mdp } = new GridEvaluator(new Pendulum(), { tau: 0.1, statesPerDim: 41, actionsPerDim: 9, solver: 'iterative' }).discretization;
    const { kind, skyline } = chooseBellmanSolver(mdp, 'auto');
    expect(kind).toBe('sparse');
    // θ is the slowest grid dimension (stride 41): in its axis order consecutive unknowns step along θ.
    expect([...(skyline?.order.subarray(0, 3) ?? [])]).toEqual([0, 41, 82]);
    // 6.0e6 multiply–adds, against 8.3e6 with reverse Cuthill–McKee and 3.3e7 in the natural order.
    expect(skyline?.factorCost).toBeLessThan(6.0e6);
  });

  it.each(cases)('%s: GMRES preconditioned by an earlier skyline LU matches the dense LU along a moving policy', async (_name, env, policy) => {
    const options = { tau: 0.1, statesPerDim: 21, actionsPerDim: 7 };
    const dense = new GridEvaluator(env(), { ...options, solver: 'dense' });
    const preconditioned = new GridEvaluator(env(), { ...options, solver: 'preconditioned' });
    // Small steps (the factor of the first call stays a good preconditioner), then a jump (it must
    // be refactorised), then small steps again: each solve must reach GMRES's tolerance regardless.
    for (const scale of [1, 1.01, 1.02, 3, 3.01, -2]) {
      const scaled: PolicyNetwork = {
        async forward(points, out) {
          await policy.forward(points, out);
          for (let j = 0; j < out.length; j++) out[j] *= scale;
        },
      };
      const expected = await dense.evaluate(scaled, createRandom(0));
      const actual = await preconditioned.evaluate(scaled, createRandom(0));
      // GMRES stops at ‖r‖₂ ≤ 1e-10·‖b‖₂ ≤ 1e-10·√S·‖b‖_∞ (S = 441 states), and cond_∞ ≤ (1+γ)/(1−γ)
      // ≤ 199: V's error is ≤ 199·21·1e-10 ≈ 4.2e-7 relative; 5e-7 allows that. The occupancy solves
      // the transposed system, whose condition number (column sums of P_π) has no such closed bound:
      // it is held to the same tolerance.
      expect(relativeDifference(actual.V, expected.V)).toBeLessThan(5e-7);
      expect(relativeDifference(actual.occupancy, expected.occupancy)).toBeLessThan(5e-7);
      expect(Math.abs(actual.value - expected.value)).toBeLessThan(5e-7 * Math.abs(expected.value));
    }
  });

  it('refuses the preconditioned solver where the kernel is a density (exit 2, naming the field)', async () => {
    const result = await runCli(['run', ...withOverrides('env.grid.states=8', 'env.grid.actions=8', 'evaluator.params.solver=preconditioned'), '--out', freshDirectory()]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/evaluator\.params\.solver.*preconditioned needs deterministic dynamics/s);
  });

  it('makes Pendulum runs resume byte-identically: the sparse solve keeps no state between evaluations', async () => {
    // Warm-started GMRES depends on the previous step's solution, which a checkpoint does not hold.
    const overrides = ['env.name=pendulum', 'env.grid.states=11', 'env.grid.actions=5', 'evaluator.params.solver=sparse', 'particles.count=30', 'flow.horizon=0.75', 'monitor.every=1'];
    const files = (dir: string) => ['metrics.jsonl', 'particles.json'].map((name) => readFileSync(join(dir, name), 'utf8'));
    const base = freshDirectory();
    const reference = join(base, 'reference');
    expect((await runCli(['run', ...withOverrides(...overrides), '--out', reference])).code).toBe(0);
    const out = join(base, 'interrupted');
    const controller = new AbortController();
    const interrupted = await runExperiment({}, { overrides, out, checkpointEvery: 4, signal: controller.signal, onProgress: ({ step }) => step === 9 && controller.abort() });
    expect(interrupted.summary.status).toBe('interrupted');
    expect(files(out)).not.toEqual(files(reference));
    expect((await runCli(['resume', out, '--no-progress'])).code).toBe(0);
    expect(files(out)).toEqual(files(reference));
  });
});

/**
 * Two exact solves of one system: both LUs are backward stable (no pivoting is needed on the
 * diagonally dominant I − γP_π, growth ≤ 2), and cond_∞ ≤ (1+γ)/(1−γ) ≤ 199 (γ = 0.99), so they
 * agree to ≈ S·eps·cond ≈ 1681·1.1e−16·199 ≈ 4e−11 at worst; a wrong entry in the sparse assembly, ordering or
 * factorisation would show as an O(1) difference.
 */
function expectSameEvaluation(actual: GridPolicyEvaluation, expected: GridPolicyEvaluation): void {
  expect(relativeDifference(actual.V, expected.V)).toBeLessThan(1e-10);
  expect(relativeDifference(actual.occupancy, expected.occupancy)).toBeLessThan(1e-10);
  expect(relativeDifference(actual.Q, expected.Q)).toBeLessThan(1e-10);
  expect(relativeDifference(actual.weights, expected.weights)).toBeLessThan(1e-10);
  expect(Math.abs(actual.value - expected.value)).toBeLessThan(1e-10 * Math.abs(expected.value));
}
