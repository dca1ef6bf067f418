import { describe, expect, it } from 'vitest';
import { cpuBackendModule, CpuBackend } from '@mfpg/backend-cpu';
import {
  ConfigError,
  createContainer,
  createRandom,
  FlowEngine,
  GridEvaluator,
  MonteCarloEvaluator,
  NeuronUnit,
  type PolicyNetwork,
  resolveConfig,
  TanhActivation,
} from '@mfpg/core';
import {
  ControlledTorus,
  environmentsModule,
  FiniteMdp,
  FiniteMdpParams,
  LinearQuadratic,
  LinearQuadraticParams,
  linearGaussianPolicyValue,
  quadraticValueOfInitialLaw,
} from '@mfpg/environments';

const createFlow = (input: unknown) => ({ engine: createContainer(resolveConfig(input), [environmentsModule, cpuBackendModule]).get(FlowEngine) });

/**
 * The Monte Carlo evaluator is unbiased (docs/math.md §5): on B3 its value F̂ and weighted drift
 * Σ_j W_j ∇φ(θ_i, x_j) agree with the grid evaluator's exact values (64×64 nodes: the grid error,
 * spectral for these smooth periodic integrands, is far below the Monte Carlo noise) within
 * mean ± 4 SE over 20 independent seeds.
 */
describe('MonteCarloEvaluator on B3 (controlled torus)', () => {
  const tau = 0.1;
  const particleCount = 6;
  const env = new ControlledTorus();
  const unit = new NeuronUnit(new TanhActivation(), 3);
  const dim = unit.parameterDim(env.featureDim);
  const theta = new Float64Array(particleCount * dim);
  const init = createRandom(7);
  for (let k = 0; k < theta.length; k++) theta[k] = 1.5 * init.normal();
  const kernels = new CpuBackend().compile(unit, particleCount, dim);
  const network: PolicyNetwork = { forward: (points, out) => kernels.forward(theta, points, out), theta };

  it('agrees with the grid evaluator within 4 standard errors (20 seeds)', async () => {
    const grid = new GridEvaluator(env, { tau, statesPerDim: 64, actionsPerDim: 64 });
    const exact = await grid.evaluate(network, createRandom(0));
    const exactDrift = new Float64Array(particleCount * dim);
    kernels.drift(theta, exact.points, exact.weights, exactDrift);

    const mc = new MonteCarloEvaluator(env, unit, particleCount, { tau, states: 256, actionsPerState: 4, horizonSamples: 1 });
    const seeds = 20;
    const drift = new Float64Array(particleCount * dim);
    const values: number[] = [];
    let acceptance = 0;
    const drifts: Float64Array[] = [];
    for (let seed = 0; seed < seeds; seed++) {
      const evaluation = await mc.evaluate(network, createRandom(1000 + seed));
      expect(evaluation.points.count).toBe(256 * 4);
      values.push(evaluation.value);
      acceptance += evaluation.acceptanceRate / seeds;
      kernels.drift(theta, evaluation.points, evaluation.weights, drift);
      drifts.push(Float64Array.from(drift));
    }
    const stats = (xs: number[]) => {
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1);
      return { mean, se: Math.sqrt(variance / xs.length) };
    };
    const value = stats(values);
    expect(Math.abs(value.mean - exact.value)).toBeLessThanOrEqual(4 * value.se);
    // Power: dropping the log Z estimate (ℓ̂ = f − M) would shift F̂ by τ/(1−γ)·E[−log p] ≥
    // τ/(1−γ)·(−log acceptance) (Jensen), well beyond the 4 SE band.
    expect(4 * value.se).toBeLessThan((tau / (1 - env.gamma)) * -Math.log(acceptance));
    for (let c = 0; c < 3 * dim; c++) {
      const coordinate = stats(drifts.map((d) => d[c]));
      expect(Math.abs(coordinate.mean - exactDrift[c])).toBeLessThanOrEqual(4 * coordinate.se);
    }
  });
});

describe('evaluator.name = monte-carlo in a run', () => {
  const small = { particles: { count: 12 }, flow: { horizon: 0.2 }, evaluator: { name: 'monte-carlo', params: { states: 16, actionsPerState: 2 } } };

  it('drives a flow with a fixed point set and is reproducible for a seed', async () => {
    const run = async () => {
      const { engine } = createFlow(small);
      const counts = new Set<number>();
      const values: number[] = [];
      engine.steps$.subscribe((event) => {
        counts.add(event.evaluation.points.count);
        values.push(event.value);
      });
      await engine.run();
      return { counts, values, theta: Array.from(engine.theta) };
    };
    const first = await run();
    expect(first.counts).toEqual(new Set([32]));
    expect(first.values.every(Number.isFinite)).toBe(true);
    expect(await run()).toEqual(first);
  });

  it('rejects bad parameters and unbounded activations before any work', () => {
    expect(() => createFlow({ ...small, evaluator: { name: 'monte-carlo', params: { actionsPerState: 1 } } })).toThrow(/evaluator\.params\.actionsPerState/);
    expect(() => createFlow({ ...small, evaluator: { name: 'monte-carlo', params: { samples: 3 } } })).toThrow(ConfigError);
    expect(() => createFlow({ ...small, policy: { activation: 'softplus' } })).toThrow(/bounded activation/);
  });
});

describe('MonteCarloEvaluator on B4 (lq: euclidean, Gaussian μ, unbounded reward)', () => {
  // With every output weight c_i = 0 the network is f ≡ 0, so π = μ = N(0, Σμ): a linear-Gaussian
  // policy (K = 0, Σ = Σμ) whose value has a closed form (docs/math.md §7 B4). Checks the occupancy
  // sampling and geometric horizons in R^2 against it within 4 SE over 20 seeds.
  it('estimates F(ν) of the policy π = μ without bias', async () => {
    const params = LinearQuadraticParams.parse({
      A: [[0.8, 0.1], [0, 0.7]],
      B: [[0.5], [0.2]],
      Q: [[1, 0], [0, 0.5]],
      noiseCovariance: [[0.05, 0], [0, 0.05]],
      initialCovariance: [[1, 0], [0, 1]],
      gamma: 0.8,
    });
    const env = new LinearQuadratic(params);
    const tau = 0.2;
    const unit = new NeuronUnit(new TanhActivation(), 3);
    const particleCount = 4;
    const dim = unit.parameterDim(env.featureDim);
    const theta = new Float64Array(particleCount * dim);
    const init = createRandom(5);
    for (let i = 0; i < particleCount; i++) for (let k = 1; k < dim; k++) theta[i * dim + k] = init.normal();
    const kernels = new CpuBackend().compile(unit, particleCount, dim);
    const network: PolicyNetwork = { forward: (points, out) => kernels.forward(theta, points, out), theta };
    const exact = quadraticValueOfInitialLaw(linearGaussianPolicyValue(params, tau, [[0, 0]], [[1]]), params);

    const mc = new MonteCarloEvaluator(env, unit, particleCount, { tau, states: 256, actionsPerState: 2, horizonSamples: 1 });
    const values: number[] = [];
    for (let seed = 0; seed < 20; seed++) values.push((await mc.evaluate(network, createRandom(2000 + seed))).value);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const se = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1) / values.length);
    expect(Math.abs(mean - exact)).toBeLessThanOrEqual(4 * se);
    expect(4 * se).toBeLessThan(0.1 * Math.abs(exact));
  });

  it('drives a flow on lq by name', async () => {
    const { engine } = createFlow({
      env: { name: 'lq' },
      particles: { count: 8 },
      flow: { horizon: 0.1 },
      evaluator: { name: 'monte-carlo', params: { states: 16, actionsPerState: 2 } },
    });
    const values: number[] = [];
    engine.steps$.subscribe((event) => values.push(event.value));
    await engine.run();
    expect(values).toHaveLength(3);
    expect(values.every(Number.isFinite)).toBe(true);
  });
});

/**
 * Terminal states are absorbing (docs/math.md §8): a 3-state MDP whose state 2 is terminal. The
 * post-terminal reward 5 makes charging after termination visible: the old behaviour (keep
 * simulating in state 2) adds γ^n·(5 − τ KL) for every step spent there. The soft value with
 * termination has a closed form: on the live states {0, 1}, V = (I − γ P_live)⁻¹ (r_π − τ KL_π),
 * with P_live the transitions among them under π (mass into state 2 leaves the system).
 */
describe('MonteCarloEvaluator with a terminal state (finite MDP)', () => {
  class AbsorbingMdp extends FiniteMdp {
    isTerminal(s: ArrayLike<number>): boolean {
      return s[0] === 2;
    }
  }
  const params = FiniteMdpParams.parse({
    transition: [
      [[0.5, 0.3, 0.2], [0.1, 0.6, 0.3]],
      [[0.2, 0.5, 0.3], [0.3, 0.3, 0.4]],
      [[0, 0, 1], [0, 0, 1]],
    ],
    reward: [[1, 0], [0, 2], [5, 5]],
    initial: [0.7, 0.3, 0],
    gamma: 0.9,
  });
  const env = new AbsorbingMdp(params);
  const tau = 0.3;
  const particleCount = 5;
  const unit = new NeuronUnit(new TanhActivation(), 3);
  const dim = unit.parameterDim(env.featureDim);
  const theta = new Float64Array(particleCount * dim);
  const init = createRandom(11);
  for (let k = 0; k < theta.length; k++) theta[k] = init.normal();
  const kernels = new CpuBackend().compile(unit, particleCount, dim);
  const network: PolicyNetwork = { forward: (points, out) => kernels.forward(theta, points, out), theta };

  /** Soft values V(ρ) with state 2 absorbing (value 0) and, as the old evaluator did, charged. */
  const closedForms = () => {
    const S = 3;
    const K = 2;
    const onehot = { count: S * K, dim: S * K, data: new Float64Array(S * K * S * K) };
    for (let j = 0; j < S * K; j++) onehot.data[j * S * K + j] = 1;
    const f = new Float64Array(S * K);
    kernels.forward(theta, onehot, f);
    const cost = [0, 0, 0];
    const P = [0, 1, 2].map(() => [0, 0, 0]);
    for (let s = 0; s < S; s++) {
      const logZ = Math.log((Math.exp(f[s * K]) + Math.exp(f[s * K + 1])) / K);
      for (let a = 0; a < K; a++) {
        const pi = Math.exp(f[s * K + a] - logZ) / K;
        cost[s] += pi * (params.reward[s][a] - tau * (f[s * K + a] - logZ));
        for (let next = 0; next < S; next++) P[s][next] += pi * params.transition[s][a][next];
      }
    }
    const g = params.gamma;
    // Absorbing: 2×2 system on {0, 1} by Cramer's rule.
    const [a11, a12, a21, a22] = [1 - g * P[0][0], -g * P[0][1], -g * P[1][0], 1 - g * P[1][1]];
    const det = a11 * a22 - a12 * a21;
    const v0 = (cost[0] * a22 - a12 * cost[1]) / det;
    const v1 = (a11 * cost[1] - a21 * cost[0]) / det;
    const absorbing = 0.7 * v0 + 0.3 * v1;
    // Charged: state 2 loops forever with cost[2] per step, V(2) = cost[2]/(1−γ), entered from 0 and 1.
    const v2 = cost[2] / (1 - g);
    const w0 = ((cost[0] + g * P[0][2] * v2) * a22 - a12 * (cost[1] + g * P[1][2] * v2)) / det;
    const w1 = (a11 * (cost[1] + g * P[1][2] * v2) - a21 * (cost[0] + g * P[0][2] * v2)) / det;
    return { absorbing, charged: 0.7 * w0 + 0.3 * w1 };
  };

  it('agrees with the closed form and the grid evaluator within 4 standard errors, and not with post-terminal charging', async () => {
    const { absorbing, charged } = closedForms();
    // The grid evaluator is exact on a finite MDP (no discretisation): it must equal the closed form to round-off.
    const grid = new GridEvaluator(env, { tau, statesPerDim: 1, actionsPerDim: 1 });
    const exact = await grid.evaluate(network, createRandom(0));
    expect(Math.abs(exact.value - absorbing)).toBeLessThan(1e-10);
    const exactDrift = new Float64Array(particleCount * dim);
    kernels.drift(theta, exact.points, exact.weights, exactDrift);

    const mc = new MonteCarloEvaluator(env, unit, particleCount, { tau, states: 256, actionsPerState: 2, horizonSamples: 1 });
    const seeds = 20;
    const values: number[] = [];
    const drifts: Float64Array[] = [];
    const drift = new Float64Array(particleCount * dim);
    let terminatedDraws = 0;
    for (let seed = 0; seed < seeds; seed++) {
      const evaluation = await mc.evaluate(network, createRandom(3000 + seed));
      values.push(evaluation.value);
      kernels.drift(theta, evaluation.points, evaluation.weights, drift);
      drifts.push(Float64Array.from(drift));
      for (let i = 0; i < 256; i++) {
        // A live draw of the occupancy is never the terminal state; an absorbed one carries no weight.
        if (evaluation.terminated[i] === 0) {
          expect(evaluation.states[i]).not.toBe(2);
        } else {
          terminatedDraws++;
          expect(evaluation.states[i]).toBe(2);
          expect(Array.from(evaluation.weights.subarray(2 * i, 2 * i + 2))).toEqual([0, 0]);
        }
      }
    }
    // Occupancy mass on the absorbing state is large here (termination w.p. 0.2–0.4 per step).
    expect(terminatedDraws).toBeGreaterThan(seeds * 256 * 0.3);
    const stats = (xs: number[]) => {
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1);
      return { mean, se: Math.sqrt(variance / xs.length) };
    };
    // F̂ is exactly unbiased, so the mean of 20 seeds lies within 4 SE of F (a 4σ band: a false
    // failure has probability ~1e-3 under the t-distribution with 19 degrees of freedom; seeds are fixed).
    const value = stats(values);
    expect(Math.abs(value.mean - absorbing)).toBeLessThanOrEqual(4 * value.se);
    // Power: charging reward and entropy cost after termination shifts E[F̂] by charged − absorbing
    // (≈ +36 here, against 4 SE ≈ 0.1; the old evaluator measured 37.9 ± 0.7), so it fails this test.
    expect(8 * value.se).toBeLessThan(Math.abs(charged - absorbing));
    for (let c = 0; c < drift.length; c++) {
      const coordinate = stats(drifts.map((d) => d[c]));
      expect(Math.abs(coordinate.mean - exactDrift[c])).toBeLessThanOrEqual(4 * coordinate.se);
    }
  });

  it('is deterministic for a seed', async () => {
    const mc = new MonteCarloEvaluator(env, unit, particleCount, { tau, states: 32, actionsPerState: 2, horizonSamples: 2 });
    const once = async () => {
      const evaluation = await mc.evaluate(network, createRandom(42));
      return { value: evaluation.value, weights: Array.from(evaluation.weights), terminated: Array.from(evaluation.terminated) };
    };
    expect(await once()).toEqual(await once());
  });

  it('reports an isTerminal that returns a non-boolean as the environment\'s fault', async () => {
    class SloppyMdp extends FiniteMdp {
      isTerminal(s: ArrayLike<number>): boolean {
        return s[0] as unknown as boolean;
      }
    }
    const mc = new MonteCarloEvaluator(new SloppyMdp(params), unit, particleCount, { tau, states: 8, actionsPerState: 2, horizonSamples: 1 });
    await expect(mc.evaluate(network, createRandom(1))).rejects.toThrow(/environment 'finite'.*isTerminal returned \d/);
  });
});
