import { createRandom } from 'mfpg';
import { describe, expect, it } from 'vitest';
import { integrate, linearProblem, logLogSlope, S0 } from './linear-unit-reduction';

/**
 * Stationary variance of each integrator on the linear-unit reduction (docs/math.md §7): every particle
 * has the same drift ∇G(m), so the deviations θ_i − m^N are a pure Ornstein–Uhlenbeck recursion
 * whatever G is, and each scheme's stationary variance has a closed form (x = κh, κ = σ²/(2 s0²)):
 *   euler-maruyama        σ²/(κ(2 − x)) = s0²·2/(2 − x)              bias O(h)
 *   heun                  s0²(2 − x)/(2 − x + x²/2)                  bias O(h²)
 *   ou-lie, ou-strang     s0² (the OU step is exact)                 unbiased
 *   leimkuhler-matthews   s0² (θ_{n+1} = ρθ_n + c(ξ_n + ξ_{n+1}): Var = 2c²/(1 − ρ) = s0²)  unbiased
 * The measured variance is checked against the scheme's own formula within 5 standard errors
 * (batch means), and the bias against s0² must show the scheme's order on a log–log fit.
 * Measured (seeded): EM 1.42698, 1.17582, 1.08090 (±1e-3) at κh = 0.6, 0.3, 0.15 → slope 1.200
 * (closed form 1.201); Heun 0.78846, 0.95243, 0.98872 at κh = 0.8, 0.4, 0.2 → slope 2.114 (2.130);
 * ou-lie, ou-strang, leimkuhler-matthews within 1.0e-3 of s0² = 1 at κh = 0.8 and 0.4.
 */
const SIGMA = 1;
const KAPPA = (SIGMA * SIGMA) / (2 * S0 * S0);
const PARTICLES = 2000;
const DIM = 4;
const BATCHES = 20;

const closedForms: Record<string, (x: number) => number> = {
  'euler-maruyama': (x) => (S0 * S0 * 2) / (2 - x),
  heun: (x) => (S0 * S0 * (2 - x)) / (2 - x + (x * x) / 2),
  'ou-lie': () => S0 * S0,
  'ou-strang': () => S0 * S0,
  'leimkuhler-matthews': () => S0 * S0,
};

/**
 * Mean over steps of the cloud's per-step unbiased variance (pooled over the d coordinates) after
 * burn-in, with its standard error from BATCHES batch means. 300/(κh) steps make the relative
 * standard error sqrt(2τ_int/(N·d·steps)) about 1e-3 (τ_int ≤ 1/(κh) is the autocorrelation time
 * of θ²), and the burn-in makes the initial transient e^{−2κt}·|s0² − v| < 1e-5.
 */
async function stationaryVariance(name: string, h: number, seed: number): Promise<{ variance: number; se: number }> {
  const problem = linearProblem(name, SIGMA, PARTICLES);
  const rng = createRandom(seed);
  const theta = new Float64Array(PARTICLES * DIM);
  rng.fillNormal(theta);
  for (let j = 0; j < theta.length; j++) theta[j] = 0.5 + S0 * theta[j];
  const x = KAPPA * h;
  await integrate(problem, theta, PARTICLES, SIGMA, h, Math.ceil(Math.log(1e5) / (2 * x)), rng);
  const batchLength = Math.ceil(15 / x);
  const samples: number[] = [];
  const record = () => {
    let sum = 0;
    for (let k = 0; k < DIM; k++) {
      let mean = 0;
      for (let i = 0; i < PARTICLES; i++) mean += theta[i * DIM + k];
      mean /= PARTICLES;
      for (let i = 0; i < PARTICLES; i++) sum += (theta[i * DIM + k] - mean) ** 2;
    }
    samples.push(sum / (DIM * (PARTICLES - 1)));
  };
  await integrate(problem, theta, PARTICLES, SIGMA, h, BATCHES * batchLength, rng, record);
  const batchMeans = Array.from({ length: BATCHES }, (_, b) => samples.slice(b * batchLength, (b + 1) * batchLength).reduce((a, v) => a + v) / batchLength);
  const variance = batchMeans.reduce((a, v) => a + v) / BATCHES;
  const spread = batchMeans.reduce((a, v) => a + (v - variance) ** 2, 0) / (BATCHES - 1);
  return { variance, se: Math.sqrt(spread / BATCHES) };
}

describe('stationary variance of the cloud (σ = 1, s0 = 1, κ = 1/2)', () => {
  // The step ranges put each bias well above the ~1e-3 standard error: EM's x/(2 − x) ≥ 0.08 at
  // κh = 0.15, Heun's ≥ 0.011 at κh = 0.2. Over these ranges the closed forms' own log–log slopes
  // are 1.20 (EM) and 2.13 (Heun), tending to 1 and 2 as h → 0: hence 0.25 around the order.
  it.each([
    ['euler-maruyama', 1, [1.2, 0.6, 0.3]],
    ['heun', 2, [1.6, 0.8, 0.4]],
  ] as const)('%s: matches its closed form and its bias over s0² has slope %s', async (name, order, steps) => {
    const measured = [];
    for (const [run, h] of steps.entries()) measured.push({ h, ...(await stationaryVariance(name, h, 100 + run)), exact: closedForms[name](KAPPA * h) });
    for (const { variance, se, exact } of measured) {
      expect(Math.abs(variance - exact)).toBeLessThan(5 * se);
      expect(Math.abs(variance - S0 * S0)).toBeGreaterThan(5 * se);
    }
    const bias = measured.map(({ variance }) => Math.abs(variance - S0 * S0));
    const slope = logLogSlope(steps, bias);
    const exactSlope = logLogSlope(steps, measured.map(({ exact }) => Math.abs(exact - S0 * S0)));
    // Standard error of the fitted slope from each point's relative error se/bias.
    const logs = steps.map(Math.log);
    const mean = logs.reduce((a, b) => a + b) / logs.length;
    const sxx = logs.reduce((a, v) => a + (v - mean) ** 2, 0);
    const slopeSe = Math.sqrt(measured.reduce((a, { se }, i) => a + (((logs[i] - mean) * se) / bias[i]) ** 2, 0)) / sxx;
    expect(Math.abs(slope - exactSlope)).toBeLessThan(5 * slopeSe);
    expect(Math.abs(slope - order)).toBeLessThan(0.25);
  });

  it.each(['ou-lie', 'ou-strang', 'leimkuhler-matthews'])('%s: unbiased, s0² within 5 standard errors at κh = 0.8 and 0.4', async (name) => {
    for (const [run, h] of [1.6, 0.8].entries()) {
      const { variance, se } = await stationaryVariance(name, h, 200 + run);
      expect(Math.abs(variance - S0 * S0)).toBeLessThan(5 * se);
    }
  });
});
