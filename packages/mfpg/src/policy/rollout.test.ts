import 'reflect-metadata';
import { createRandom, Environment, type GridEvaluator, type GridPolicyEvaluation, Evaluator, ParticleBackend, Unit } from '@mfpg/core';
import { describe, expect, it } from 'vitest';
import { createFlow } from '../create-flow';
import { checkRolloutOptions, rollout } from './rollout';
import { TrainedPolicy } from './trained-policy';

/** A flow's initial particles as a policy, and the grid evaluation of the same particles. */
async function initialPolicy(overrides: string[], actionNodes: number): Promise<{ policy: TrainedPolicy; evaluation: GridPolicyEvaluation }> {
  const { container, engine, config } = createFlow({}, { overrides: [...overrides, 'monitor.sinks.progress=false'] });
  const env = container.get<Environment>(Environment);
  const unit = container.get<Unit>(Unit);
  const kernels = container.get<ParticleBackend>(ParticleBackend).compile(unit, engine.particleCount, engine.dim);
  const theta = Float64Array.from(engine.theta);
  const evaluator = container.get<GridEvaluator>(Evaluator);
  const evaluation = await evaluator.evaluate({ forward: (points, out) => kernels.forward(theta, points, out), theta }, createRandom(0));
  return { policy: new TrainedPolicy(env, kernels, theta, config.regularization.tau, actionNodes), evaluation };
}

describe('rollout (Gymnasium episode rules, Monte Carlo soft value)', () => {
  it('is deterministic for a seed, and the seed matters', async () => {
    const { policy } = await initialPolicy(['env.name=pendulum', 'env.grid.states=5', 'env.grid.actions=3', 'particles.count=8'], 16);
    const options = { episodes: 4, mode: 'sample' as const, seed: 3, valueEpisodes: 3 };
    const first = await rollout(policy, options);
    expect(await rollout(policy, options)).toEqual(first);
    expect((await rollout(policy, { ...options, seed: 4 })).returns).not.toEqual(first.returns);
    // Pendulum-v1 episodes are truncated at 200 steps, never terminated.
    expect(first.lengths).toEqual([200, 200, 200, 200]);
    expect(first.terminated).toBe(0);
  });

  // The Monte Carlo soft value estimates ∫V^π dρ of the continuous-state policy; the grid's F is the
  // same policy's value on the grid MDP. With a grid that resolves the policy the two differ by the
  // discretisation error only, far below the Monte Carlo noise: |MC − F| ≤ 4 standard errors
  // (a correct estimator fails this with probability ≈ 6e−5).
  it('agrees with the grid F within 4 standard errors on B3 (64×64 grid, 64 action nodes)', async () => {
    // The von Mises kernel (κP = 50) has Fourier coefficients ≈ e^{−m²/100}: the 64-node grid is exact to
    // ~1e−17, and the policy's 64 trapezoid action nodes are the grid's own.
    const { policy, evaluation } = await initialPolicy(['particles.count=20'], 64);
    const result = await rollout(policy, { episodes: 1, mode: 'sample', seed: 11, valueEpisodes: 1000 });
    const soft = result.softValue as NonNullable<typeof result.softValue>;
    expect(Math.abs(soft.mean - evaluation.value)).toBeLessThan(4 * soft.standardError);
    // Not vacuous: the standard error is small against the value's scale.
    expect(soft.standardError).toBeLessThan(0.1 * Math.abs(evaluation.value));
  });

  it('agrees with the grid F within 4 standard errors on Pendulum with a resolving grid (81×81 states)', async () => {
    // Interpolation error O(h²): F of a smooth policy moves by ≈ 2 from 81² to 161² (docs/environments.md),
    // against a standard error of ≈ 3 from 1000 trajectories.
    const { policy, evaluation } = await initialPolicy(['env.name=pendulum', 'env.grid.states=81', 'env.grid.actions=9', 'particles.count=20'], 9);
    const result = await rollout(policy, { episodes: 1, mode: 'sample', seed: 5, valueEpisodes: 1000 });
    const soft = result.softValue as NonNullable<typeof result.softValue>;
    expect(Math.abs(soft.mean - evaluation.value)).toBeLessThan(4 * soft.standardError);
    expect(soft.standardError).toBeLessThan(0.02 * Math.abs(evaluation.value));
  });
});

describe('rollout options', () => {
  it('refuses episodes ≤ 0 and an environment without a step, naming the field', async () => {
    const { policy } = await initialPolicy(['env.name=pendulum', 'env.grid.states=5', 'env.grid.actions=3', 'particles.count=4'], 4);
    await expect(rollout(policy, { episodes: 0, mode: 'mode', seed: 0 })).rejects.toThrow(/--episodes/);
    const stepless = Object.assign(Object.create(policy.env) as Environment, { nextState: undefined, sampleNextState: undefined });
    expect(() => checkRolloutOptions(stepless, { episodes: 1, mode: 'mode', seed: 0 })).toThrow(/env\.name.*an environment with a step/);
  });
});
