import { describe, expect, it } from 'vitest';
import {
  B2,
  B3,
  defaultArgs,
  drift,
  evaluatePolicy,
  makeProblem,
  networkOnGrid,
  objective,
  PARAMETER_DIM,
  runFlow,
  seededNormal,
  solveLinear,
  type Args,
} from './mean-field-policy-gradient';

/** Modified Bessel function I_n(x) = Σ_m (x/2)^{2m+n} / (m! (m+n)!) by its power series. */
function besselI(n: number, x: number): number {
  let term = (x / 2) ** n;
  for (let j = 2; j <= n; j++) term /= j;
  let sum = term;
  for (let m = 1; m < 500 && term > 1e-18 * sum; m++) {
    term *= (x / 2) ** 2 / (m * (m + n));
    sum += term;
  }
  return sum;
}

/** A cloud of N random particles (N×6). */
function randomCloud(N: number, seed: number, std = 1): Float64Array {
  const normal = seededNormal(seed);
  return Float64Array.from({ length: N * PARAMETER_DIM }, () => std * normal());
}

describe('Gaussian elimination', () => {
  it('solves a system that needs pivoting', () => {
    const M = Float64Array.from([0, 2, 1, 1, 1, 1, 2, 1, 0]);
    const x = solveLinear(M, Float64Array.from([5, 4, 4]));
    // The unique solution is (1, 2, 1).
    [1, 2, 1].forEach((v, i) => expect(x[i]).toBeCloseTo(v, 14));
  });
});

describe('exact soft policy evaluation (docs/math.md §5)', () => {
  /** Runs soft policy iteration f ← Q/τ (docs/math.md §1) from the uniform policy and returns V. */
  function softOptimum(problem: ReturnType<typeof makeProblem>, rounds = 40): Float64Array {
    let f: Float64Array = new Float64Array(problem.nS * problem.nA);
    for (let round = 0; round < rounds; round++) f = evaluatePolicy(problem, f).Q.map((q) => q / problem.tau);
    return evaluatePolicy(problem, f).V;
  }

  /** Largest |V_i − (constant + Re[e^{2πis_i}/(1 − γρ1 e^{2πiβ0})])| over the state nodes. */
  function distanceToClosedForm(V: Float64Array, constant: number, gamma: number, kappaP: number, beta0: number): number {
    const rho1 = besselI(1, kappaP) / besselI(0, kappaP);
    // 1/(1 − γρ1 e^{2πiβ0}) = (re + i·im)/|1 − γρ1 e^{2πiβ0}|².
    const re = 1 - gamma * rho1 * Math.cos(2 * Math.PI * beta0);
    const im = gamma * rho1 * Math.sin(2 * Math.PI * beta0);
    let worst = 0;
    V.forEach((v, i) => {
      const s = i / V.length;
      const exact = constant + (Math.cos(2 * Math.PI * s) * re - Math.sin(2 * Math.PI * s) * im) / (re * re + im * im);
      worst = Math.max(worst, Math.abs(v - exact));
    });
    return worst;
  }

  it('soft policy iteration on B2 reaches the closed-form V* (docs/math.md §7) to 1e-9', () => {
    const tau = 0.4;
    const V = softOptimum(makeProblem({ env: B2, tau, stateNodes: 64, actionNodes: 16 }));
    const { gamma, alpha, kappaP, beta0 } = B2;
    const constant = (tau * Math.log(besselI(0, alpha / tau))) / (1 - gamma);
    expect(distanceToClosedForm(V, constant, gamma, kappaP, beta0)).toBeLessThan(1e-9);
  });

  it('B3 with β = 0 has the closed form V* = (τ log I0(cA/τ) − cA)/(1−γ) + Re[e^{2πis}/(1 − γρ1)]', () => {
    const tau = 0.4;
    const env = { ...B3, beta: 0 };
    const V = softOptimum(makeProblem({ env, tau, stateNodes: 64, actionNodes: 16 }));
    const constant = (tau * Math.log(besselI(0, env.controlCost / tau)) - env.controlCost) / (1 - env.gamma);
    expect(distanceToClosedForm(V, constant, env.gamma, env.kappaP, 0)).toBeLessThan(1e-9);
  });

  it('B3 grid: reward, features, and kernel rows with characteristic function ρ1 e^{2πi(s + β sin 2πa)}', () => {
    const problem = makeProblem({ env: B3, tau: 0.4, stateNodes: 64, actionNodes: 8 });
    const rho1 = besselI(1, B3.kappaP) / besselI(0, B3.kappaP);
    for (let i = 0; i < problem.nS; i += 5) {
      for (let k = 0; k < problem.nA; k++) {
        const [s, a] = [i / problem.nS, k / problem.nA];
        const q = i * problem.nA + k;
        const row = problem.kernel.subarray(q * problem.nS, (q + 1) * problem.nS);
        expect(problem.reward[q]).toBeCloseTo(Math.cos(2 * Math.PI * s) - B3.controlCost * (1 - Math.cos(2 * Math.PI * a)), 15);
        const x = [Math.cos(2 * Math.PI * s), Math.sin(2 * Math.PI * s), Math.cos(2 * Math.PI * a), Math.sin(2 * Math.PI * a)];
        x.forEach((xp, p) => expect(problem.features[q * 4 + p]).toBeCloseTo(xp, 15));
        const mean = 2 * Math.PI * (s + B3.beta * Math.sin(2 * Math.PI * a));
        const re = row.reduce((sum, p, j) => sum + p * Math.cos((2 * Math.PI * j) / problem.nS), 0);
        const im = row.reduce((sum, p, j) => sum + p * Math.sin((2 * Math.PI * j) / problem.nS), 0);
        expect(Math.abs(re - rho1 * Math.cos(mean)) + Math.abs(im - rho1 * Math.sin(mean))).toBeLessThan(1e-12);
      }
    }
  });

  it('the soft advantage has zero mean under the policy, Σ_k p_ik A_ik = 0', () => {
    const problem = makeProblem({ ...defaultArgs, stateNodes: 24, actionNodes: 20 });
    const evaluation = evaluatePolicy(problem, networkOnGrid(problem, randomCloud(30, 7, 1.5), 3));
    for (let i = 0; i < problem.nS; i++) {
      let mean = 0;
      let scale = 0;
      for (let k = 0; k < problem.nA; k++) {
        mean += evaluation.mass[i * problem.nA + k] * evaluation.A[i * problem.nA + k];
        scale = Math.max(scale, Math.abs(evaluation.A[i * problem.nA + k]));
      }
      expect(scale).toBeGreaterThan(1e-3);
      expect(Math.abs(mean)).toBeLessThan(1e-13);
    }
  });

  it('the occupancy is a probability and F = Σ ρ_i V_i', () => {
    const problem = makeProblem({ ...defaultArgs, stateNodes: 16, actionNodes: 12 });
    const evaluation = evaluatePolicy(problem, networkOnGrid(problem, randomCloud(10, 3), 3));
    expect(evaluation.occupancy.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 13);
    expect(Math.min(...evaluation.occupancy)).toBeGreaterThan(0);
    expect(evaluation.value).toBeCloseTo(evaluation.V.reduce((a, b) => a + b, 0) / problem.nS, 13);
  });
});

describe('the drift is the gradient (docs/math.md §3)', () => {
  for (const outputBound of [3, Infinity]) {
    it(`∂F(ν^N)/∂θ_{n,c} = (1/N) g_{n,c} by central differences (L = ${outputBound})`, () => {
      const N = 5;
      const problem = makeProblem({ env: B3, tau: 0.4, stateNodes: 8, actionNodes: 6 });
      const theta = randomCloud(N, 11);
      const evaluation = evaluatePolicy(problem, networkOnGrid(problem, theta, outputBound));
      const g = drift(problem, theta, outputBound, evaluation.weights);
      const h = 1e-5;
      const scale = Math.max(...g.map(Math.abs)) / N;
      expect(scale).toBeGreaterThan(1e-3);
      for (let m = 0; m < theta.length; m++) {
        const plus = Float64Array.from(theta);
        const minus = Float64Array.from(theta);
        plus[m] += h;
        minus[m] -= h;
        const difference = (objective(problem, plus, outputBound) - objective(problem, minus, outputBound)) / (2 * h);
        expect(Math.abs(difference - g[m] / N)).toBeLessThan(1e-6 * Math.abs(g[m] / N));
      }
    });
  }
});

describe('runFlow', () => {
  const small: Args = { ...defaultArgs, stateNodes: 8, actionNodes: 8, particles: 3, steps: 2, dt: 0.05, sigma: 0.3, priorScale: 1.5 };

  /** A seeded normal stream that records every draw it hands out. */
  function recording(seed: number): { normal: () => number; draws: number[] } {
    const source = seededNormal(seed);
    const draws: number[] = [];
    return { normal: () => draws[draws.push(source()) - 1], draws };
  }

  it('draws θ_0 = initMean + initStd·ξ particle-major', () => {
    const { normal, draws } = recording(4);
    const initMean = [0.5, 0, 0, 0, 0, -0.2];
    const { theta, values } = runFlow({ ...small, initMean, initStd: 0.7, steps: 0 }, normal);
    expect(values).toEqual([]);
    expect(draws).toHaveLength(small.particles * PARAMETER_DIM);
    expect(Array.from(theta)).toEqual(draws.map((z, m) => initMean[m % PARAMETER_DIM] + 0.7 * z));
  });

  it('then takes N·6 noise draws per Euler–Maruyama step, θ ← θ + dt(g − (σ²/2)θ/s0²) + σ√dt ξ', () => {
    const { normal, draws } = recording(5);
    const { theta, values } = runFlow(small, normal);
    const size = small.particles * PARAMETER_DIM;
    expect(draws).toHaveLength(size * (1 + small.steps));
    // Replay the steps by hand from the recorded draws.
    const problem = makeProblem(small);
    const replay = Float64Array.from(draws.slice(0, size));
    const pull = small.sigma ** 2 / (2 * small.priorScale ** 2);
    for (let step = 0; step < small.steps; step++) {
      const evaluation = evaluatePolicy(problem, networkOnGrid(problem, replay, small.outputBound));
      expect(values[step]).toBe(evaluation.value);
      const g = drift(problem, replay, small.outputBound, evaluation.weights);
      const noise = draws.slice(size * (1 + step), size * (2 + step));
      replay.forEach((th, m) => (replay[m] = th + small.dt * (g[m] - pull * th) + small.sigma * Math.sqrt(small.dt) * noise[m]));
    }
    replay.forEach((th, m) => expect(theta[m]).toBeCloseTo(th, 13));
  });

  it('draws no noise when σ = 0, and the same stream gives the same run', () => {
    const { normal, draws } = recording(9);
    runFlow({ ...small, sigma: 0 }, normal);
    expect(draws).toHaveLength(small.particles * PARAMETER_DIM);
    expect(runFlow(small, seededNormal(2))).toEqual(runFlow(small, seededNormal(2)));
  });

  it('increases F(ν_t) on B3 with N = 200 and small σ (docs/math.md §4)', () => {
    const args: Args = { ...defaultArgs, particles: 200, stateNodes: 16, actionNodes: 16, sigma: 0.05, dt: 0.02, steps: 30 };
    let gain = 0;
    for (const seed of [1, 2, 3]) {
      const { values } = runFlow(args, seededNormal(seed));
      gain += values[values.length - 1] - values[0];
      let rises = 0;
      for (let t = 1; t < values.length; t++) if (values[t] > values[t - 1]) rises++;
      expect(rises).toBeGreaterThan(0.9 * (values.length - 1));
    }
    expect(gain / 3).toBeGreaterThan(0.5);
  });
});
