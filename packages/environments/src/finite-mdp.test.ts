import { createRandom, discretizeEnvironment, GridEvaluator, softValueIteration } from '@mfpg/core';
import { describe, expect, it } from 'vitest';
import { FiniteMdp, FiniteMdpParams } from './finite-mdp';

describe('finite MDP from arrays', () => {
  it('rejects bad shapes and rows that are not probabilities, naming the entry', () => {
    const issue = (input: unknown) => FiniteMdpParams.safeParse(input).error?.issues[0];
    expect(issue({ initial: [0.5, 0.4] })?.path).toEqual(['initial']);
    expect(issue({ transition: [[[0.5, 0.4], [0.2, 0.8]], [[1, 0], [0, 1]]] })?.path).toEqual(['transition', 0, 0]);
    expect(issue({ transition: [[[1, 0], [0, 1]]] })?.path).toEqual(['transition']);
    expect(issue({ reward: [[0, 1], [1]] })?.path).toEqual(['reward', 1]);
    expect(issue({ transition: [[[1.5, -0.5], [0, 1]], [[1, 0], [0, 1]]] })?.message).toMatch(/probability/);
    expect(FiniteMdpParams.safeParse({ initial: [1 / 3, 1 / 3, 0.3333333333] , reward: [[0], [0], [0]], transition: [[[1, 0, 0]], [[0, 1, 0]], [[0, 0, 1]]] }).success).toBe(true);
  });

  it('soft optimum of a hand-solved 2-state MDP (action-independent transitions)', () => {
    // P(·|s,a) = P(·|s): Q*(s,a) = r(s,a) + γ(PV*)(s), so V* = (I − γP)^{-1} g with
    // g(s) = τ log ½ Σ_a e^{r(s,a)/τ}. With γ = 0.9, P = [[0.8,0.2],[0.3,0.7]]:
    // I − γP = [[0.28, −0.18], [−0.27, 0.37]], det 0.055, inverse [[0.37,0.18],[0.27,0.28]]/0.055.
    const tau = 0.5;
    const env = new FiniteMdp(
      FiniteMdpParams.parse({
        transition: [
          [
            [0.8, 0.2],
            [0.8, 0.2],
          ],
          [
            [0.3, 0.7],
            [0.3, 0.7],
          ],
        ],
        reward: [
          [1, 0],
          [0, 2],
        ],
        initial: [0.5, 0.5],
      }),
    );
    const g0 = tau * Math.log((Math.exp(2) + 1) / 2);
    const g1 = tau * Math.log((1 + Math.exp(4)) / 2);
    const expected = [(0.37 * g0 + 0.18 * g1) / 0.055, (0.27 * g0 + 0.28 * g1) / 0.055];
    const { mdp } = discretizeEnvironment(env, 1, 1);
    const optimum = softValueIteration(mdp, tau);
    // Value iteration stops within 1e-13 (its contract); the 2×2 formula is exact to round-off.
    expected.forEach((v, s) => expect(Math.abs(optimum.V[s] - v)).toBeLessThan(1e-12));
  });

  it('uniform policy on the default MDP: V = (I − γP_π)^{-1} r_π by hand', async () => {
    // P_π = [[0.55, 0.45], [0.375, 0.625]], r_π = [0.25, 0.6], KL(π|μ) = 0 for the uniform policy.
    // I − 0.9P_π = [[0.505, −0.405], [−0.3375, 0.4375]], det 0.08425:
    // V0 = (0.4375·0.25 + 0.405·0.6)/0.08425 = 0.352375/0.08425, V1 = 0.387375/0.08425.
    const evaluator = new GridEvaluator(new FiniteMdp(), { tau: 0.3, statesPerDim: 1, actionsPerDim: 1 });
    const evaluation = await evaluator.evaluate({ forward: (_points, out) => void out.fill(0) }, createRandom(0));
    expect(Math.abs(evaluation.V[0] - 0.352375 / 0.08425)).toBeLessThan(1e-13);
    expect(Math.abs(evaluation.V[1] - 0.387375 / 0.08425)).toBeLessThan(1e-13);
    expect(Math.abs(evaluation.value - 0.352375 / 0.08425)).toBeLessThan(1e-13);
  });

  it('features are one-hot in (s, a); the sampler follows P (seeded, 4 standard errors)', () => {
    const env = new FiniteMdp();
    const x = new Float64Array(4);
    env.features([1], [0], x, 0);
    expect([...x]).toEqual([0, 0, 1, 0]);
    const rng = createRandom(3);
    const out = new Float64Array(1);
    const draws = 40_000;
    let ones = 0;
    for (let n = 0; n < draws; n++) {
      env.sampleNextState([0], [1], rng, out);
      ones += out[0];
    }
    const p = 0.8;
    expect(Math.abs(ones / draws - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / draws));
    env.sampleInitialState(rng, out);
    expect(out[0]).toBe(0);
  });
});
