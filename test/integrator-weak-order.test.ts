import { createRandom } from 'mfpg';
import { describe, expect, it } from 'vitest';
import { AntitheticRandom, integrate, linearProblem, logLogSlope, S0 } from './linear-unit-reduction';

/**
 * Weak order of every integrator in the mean path (docs/math.md §6, §7 "Linear unit, exact Gaussian
 * reduction"). With φ = θ·x every particle moves with the same drift ∇G(m), so with antithetic
 * noise the particle mean follows each scheme's recursion for dm/dt = ∇G(m) − κm with no sampling
 * noise at all, and its error at T against a tight RK4 solution is the scheme's bias in the mean
 * of the Gaussian law N(m_t, Σ_t) (Σ_t is checked in integrator-stationary-variance.test.ts).
 */
const T = 1;
const SIGMA = 1;
const STEPS = [0.2, 0.1, 0.05, 0.025];
const M0 = [0.8, -0.5, 0.6, 0.3];
const SPREAD = [0.3, 0.2, -0.1, 0.4];

describe('linear-unit reduction: the reference', () => {
  it('∇G from the drift kernel matches central differences of G (docs/math.md §3)', async () => {
    const problem = linearProblem('euler-maruyama', SIGMA, 2);
    const m = Float64Array.from(M0);
    const gradient = new Float64Array(4);
    await problem.gradientG(m, gradient);
    // h = 1e-5: truncation h²|G‴| ~ 1e-10·|G‴|, round-off ε|G|/h ~ 1e-10 against entries ~1e-1.
    const h = 1e-5;
    for (let k = 0; k < 4; k++) {
      const plus = Float64Array.from(m);
      const minus = Float64Array.from(m);
      plus[k] += h;
      minus[k] -= h;
      const difference = ((await problem.valueG(plus)) - (await problem.valueG(minus))) / (2 * h);
      expect(Math.abs(difference - gradient[k])).toBeLessThan(1e-7);
    }
    expect(Math.hypot(...gradient)).toBeGreaterThan(0.05);
  });
});

const references = new Map<number, Promise<Float64Array>>();
/** m(T) for σ, computed once per σ. */
function referenceMean(sigma: number): Promise<Float64Array> {
  if (!references.has(sigma)) references.set(sigma, solveMeanOde(sigma));
  return references.get(sigma) as Promise<Float64Array>;
}

/** m(T) of dm/dt = ∇G(m) − κm by classical RK4 with 400 steps: error O((T/400)^4) ≈ 4e-11·|m^(5)|. */
async function solveMeanOde(sigma: number): Promise<Float64Array> {
  const problem = linearProblem('euler-maruyama', sigma, 2);
  const kappa = (sigma * sigma) / (2 * S0 * S0);
  const rate = async (m: Float64Array, out: Float64Array) => {
    await problem.gradientG(m, out);
    for (let k = 0; k < 4; k++) out[k] -= kappa * m[k];
  };
  const steps = 400;
  const h = T / steps;
  const m = Float64Array.from(M0);
  const stage = new Float64Array(4);
  const k1 = new Float64Array(4);
  const k2 = new Float64Array(4);
  const k3 = new Float64Array(4);
  const k4 = new Float64Array(4);
  for (let n = 0; n < steps; n++) {
    await rate(m, k1);
    for (let k = 0; k < 4; k++) stage[k] = m[k] + (h / 2) * k1[k];
    await rate(stage, k2);
    for (let k = 0; k < 4; k++) stage[k] = m[k] + (h / 2) * k2[k];
    await rate(stage, k3);
    for (let k = 0; k < 4; k++) stage[k] = m[k] + h * k3[k];
    await rate(stage, k4);
    for (let k = 0; k < 4; k++) m[k] += (h / 6) * (k1[k] + 2 * k2[k] + 2 * k3[k] + k4[k]);
  }
  return m;
}

/** |m^N_h(T) − m(T)| for one integrator over STEPS, with N = 4 antithetic particles around M0. */
async function meanErrors(name: string, sigma: number, reference: Float64Array): Promise<number[]> {
  const particleCount = 4;
  const errors: number[] = [];
  for (const h of STEPS) {
    const problem = linearProblem(name, sigma, particleCount);
    // Particle i + N/2 mirrors particle i about M0, as its noise mirrors i's.
    const theta = Float64Array.from({ length: particleCount * 4 }, (_, j) => {
      const i = j >> 2;
      const pair = i % (particleCount / 2);
      return M0[j % 4] + (i < particleCount / 2 ? 1 : -1) * (1 + pair) * SPREAD[j % 4];
    });
    await integrate(problem, theta, particleCount, sigma, h, Math.round(T / h), new AntitheticRandom(createRandom(7), particleCount));
    let squares = 0;
    for (let k = 0; k < 4; k++) {
      let mean = 0;
      for (let i = 0; i < particleCount; i++) mean += theta[i * 4 + k];
      squares += (mean / particleCount - reference[k]) ** 2;
    }
    errors.push(Math.sqrt(squares));
  }
  return errors;
}

describe('weak order in the mean path at T = 1 (σ = 1, s0 = 1, κ = 1/2; h = 0.2 … 0.025)', () => {
  it.each([
    ['euler-maruyama', SIGMA, 1],
    ['ou-lie', SIGMA, 1],
    ['ou-strang', SIGMA, 2],
    ['heun', SIGMA, 2],
    // Leimkuhler–Matthews is second order only for stationary averages: its mean follows Euler.
    ['leimkuhler-matthews', SIGMA, 1],
    ['deterministic', 0, 1],
  ] as const)('%s (σ = %s): slope %s', async (name, sigma, order) => {
    const reference = await referenceMean(sigma);
    const errors = await meanErrors(name, sigma, reference);
    // Measured (errors at h = 0.2 … 0.025 → slope): EM 2.24e-2 … 2.62e-3 → 1.03; ou-lie 1.04e-2 …
    // 1.23e-3 → 1.03; ou-strang 2.28e-3 … 3.34e-5 → 2.03; heun 1.99e-3 … 2.55e-5 → 2.10; LM = EM;
    // deterministic 1.87e-2 … 2.16e-3 → 1.04. No sampling noise and a reference error ~1e-10, so
    // the only departure from the order is the O(h^{order+1}) next term: 0.15 allows it at h = 0.2
    // while a wrong order (off by ≥ 1) fails.
    for (let n = 1; n < errors.length; n++) expect(errors[n]).toBeLessThan(errors[n - 1]);
    expect(errors.at(-1)).toBeGreaterThan(1e-7);
    expect(Math.abs(logLogSlope(STEPS, errors) - order)).toBeLessThan(0.15);
  });
});

/**
 * m* with ∇G(m*) = κ m*: the stationary mean of the flow (docs/math.md §7, ν* = N(m*, s0² I)), by RK4
 * (h = 0.05) run until the rate |∇G(m) − κm| is below 1e-13.
 */
async function stationaryMean(): Promise<Float64Array> {
  const problem = linearProblem('euler-maruyama', SIGMA, 2);
  const kappa = (SIGMA * SIGMA) / (2 * S0 * S0);
  const m = Float64Array.from(M0);
  const rates = [0, 1, 2, 3].map(() => new Float64Array(4));
  const stage = new Float64Array(4);
  const rate = async (at: Float64Array, out: Float64Array) => {
    await problem.gradientG(at, out);
    for (let k = 0; k < 4; k++) out[k] -= kappa * at[k];
  };
  const h = 0.05;
  for (let n = 0; n < 4000; n++) {
    await rate(m, rates[0]);
    if (Math.hypot(...rates[0]) < 1e-13) return m;
    for (let s = 1; s < 4; s++) {
      const c = s === 3 ? h : h / 2;
      for (let k = 0; k < 4; k++) stage[k] = m[k] + c * rates[s - 1][k];
      await rate(stage, rates[s]);
    }
    for (let k = 0; k < 4; k++) m[k] += (h / 6) * (rates[0][k] + 2 * rates[1][k] + 2 * rates[2][k] + rates[3][k]);
  }
  throw new Error('RK4 did not reach the stationary mean');
}

describe('bias of the stationary mean (σ = 1, κ = 1/2; h = 0.4, 0.2, 0.1)', () => {
  // The schemes' mean recursions (antithetic noise, as above) run until they stop moving; their
  // fixed points against m*. EM, Heun and LM have a(m*) = 0 as an exact fixed point of their
  // recursions (LM's mean is Euler's); Lie's fixed point solves e^{−κh}(m + h∇G(m)) = m, O(h) off;
  // Strang's is O(h²) off. Measured: Lie 2.17e-2, 1.07e-2, 5.30e-3 (slope 1.02); Strang 1.15e-2,
  // 2.70e-3, 6.54e-4 (slope 2.07); deterministic, so 0.15 covers only the next-order term.
  const steps = [0.4, 0.2, 0.1];
  const fixedPointError = async (name: string, h: number, reference: Float64Array) => {
    const particleCount = 2;
    const problem = linearProblem(name, SIGMA, particleCount);
    const theta = Float64Array.from({ length: 8 }, (_, j) => M0[j % 4] + (j < 4 ? 1 : -1) * SPREAD[j % 4]);
    const previous = new Float64Array(8);
    let moved = Infinity;
    await integrate(problem, theta, particleCount, SIGMA, h, Math.round(60 / h), new AntitheticRandom(createRandom(3), particleCount), () => {
      moved = Math.max(...theta.map((t, j) => Math.abs((t + theta[(j + 4) % 8]) / 2 - (previous[j] + previous[(j + 4) % 8]) / 2)));
      previous.set(theta);
    });
    expect(moved).toBeLessThan(1e-13);
    return Math.hypot(...[0, 1, 2, 3].map((k) => (theta[k] + theta[4 + k]) / 2 - reference[k]));
  };

  it('euler-maruyama, heun and leimkuhler-matthews have no bias; ou-lie has slope 1 and ou-strang slope 2', async () => {
    const reference = await stationaryMean();
    for (const name of ['euler-maruyama', 'heun', 'leimkuhler-matthews']) {
      for (const h of steps) expect(await fixedPointError(name, h, reference), `${name}, h = ${h}`).toBeLessThan(1e-11);
    }
    for (const [name, order] of [['ou-lie', 1], ['ou-strang', 2]] as const) {
      const errors = [];
      for (const h of steps) errors.push(await fixedPointError(name, h, reference));
      expect(Math.abs(logLogSlope(steps, errors) - order)).toBeLessThan(0.15);
    }
  });
});
