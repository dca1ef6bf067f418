import { describe, expect, it } from 'vitest';
import type { DriftField, IntegratorStep } from '../plugin-points/integrator';
import type { Random, RandomState } from '../plugin-points/random';
import { createRandom } from '../math/random';
import { GaussianPrior } from '../priors/gaussian-prior';
import { EulerMaruyamaIntegrator } from './euler-maruyama-integrator';

/** Euler–Maruyama never re-evaluates the drift. */
const unusedField: DriftField = () => {
  throw new Error('Euler–Maruyama must not call the drift field');
};

/**
 * A Random whose normals are a fixed, index-dependent list, recording each fillNormal call; every
 * other draw throws, so the test sees exactly what the integrator consumed.
 */
class ScriptedRandom implements Random {
  readonly calls: { out: Float64Array; offset: number; count: number }[] = [];
  constructor(private readonly normals: (index: number) => number) {}
  fillNormal(out: Float64Array, offset = 0, count = out.length - offset): void {
    this.calls.push({ out, offset, count });
    for (let j = 0; j < count; j++) out[offset + j] = this.normals(j);
  }
  uniform(): number {
    throw new Error('unexpected uniform()');
  }
  normal(): number {
    throw new Error('unexpected normal()');
  }
  state(): RandomState {
    throw new Error('unexpected state()');
  }
  split(): Random {
    throw new Error('unexpected split()');
  }
}

function stepOf(fields: Omit<IntegratorStep, 'field'>): IntegratorStep {
  return { ...fields, field: unusedField };
}

describe('EulerMaruyamaIntegrator', () => {
  it('takes one step as computed by hand, with ξ laid out particle-major', () => {
    const s0 = 2;
    const sigma = 0.5;
    const dt = 0.04;
    const theta0 = [1, -2, 0.5, 3, 0, -1]; // N = 2 particles × d = 3
    const drift = [0.25, 0.5, -1, 2, -0.75, 0];
    const xi = (j: number) => 0.1 * (j + 1) * (j % 2 === 0 ? 1 : -1); // 0.1, −0.2, 0.3, …
    const rng = new ScriptedRandom(xi);
    const theta = Float64Array.from(theta0);
    const integrator = new EulerMaruyamaIntegrator();
    expect(integrator.name).toBe('euler-maruyama');

    integrator.step(stepOf({ theta, drift: Float64Array.from(drift), particleCount: 2, dim: 3, dt, sigma, prior: new GaussianPrior(s0), rng }));

    // θ' = θ + dt (b − (σ²/2) θ/s0²) + σ √dt ξ with σ²/(2 s0²) = 1/32 and σ √dt = 0.1.
    const expected = theta0.map((t, j) => t + dt * (drift[j] - t / 32) + 0.1 * xi(j));
    expect(expected[0]).toBeCloseTo(1 + 0.04 * (0.25 - 1 / 32) + 0.01, 15);
    theta.forEach((value, j) => expect(value).toBeCloseTo(expected[j], 14));
    expect(rng.calls.map(({ offset, count }) => [offset, count])).toEqual([[0, 6]]);
  });

  it('draws exactly one fillNormal of N·d per step into a buffer kept until N·d changes', () => {
    const rng = new ScriptedRandom(() => 0);
    const integrator = new EulerMaruyamaIntegrator();
    const prior = new GaussianPrior(1);
    const run = (particleCount: number, dim: number) =>
      integrator.step(
        stepOf({
          theta: new Float64Array(particleCount * dim),
          drift: new Float64Array(particleCount * dim),
          particleCount,
          dim,
          dt: 0.1,
          sigma: 1,
          prior,
          rng,
        }),
      );
    run(4, 3);
    run(4, 3);
    run(6, 2); // same N·d: the buffer is reused
    run(5, 3);
    expect(rng.calls.map(({ offset, count }) => [offset, count])).toEqual([[0, 12], [0, 12], [0, 12], [0, 15]]);
    expect(rng.calls[1].out).toBe(rng.calls[0].out);
    expect(rng.calls[2].out).toBe(rng.calls[0].out);
    expect(rng.calls[3].out).not.toBe(rng.calls[0].out);
    expect(rng.calls[3].out.length).toBe(15);
  });

  it('with σ = 0 is deterministic ascent θ ← θ + dt·drift and draws nothing', () => {
    const rng = new ScriptedRandom(() => Number.NaN);
    const theta = Float64Array.from([1, -2, 0.5, 3]);
    const drift = Float64Array.from([0.5, 0.25, -1, 4]);
    const expected = theta.map((t, j) => t + 0.125 * drift[j]);
    new EulerMaruyamaIntegrator().step(stepOf({ theta, drift, particleCount: 2, dim: 2, dt: 0.125, sigma: 0, prior: new GaussianPrior(0.3), rng }));
    expect(theta).toEqual(expected);
    expect(rng.calls).toHaveLength(0);
  });

  it('rejects inconsistent shapes and non-positive dt or negative σ', () => {
    const integrator = new EulerMaruyamaIntegrator();
    const base = { theta: new Float64Array(6), drift: new Float64Array(6), particleCount: 2, dim: 3, dt: 0.1, sigma: 1, prior: new GaussianPrior(1), rng: createRandom(0) };
    expect(() => integrator.step(stepOf({ ...base, drift: new Float64Array(5) }))).toThrow(/N·d = 6/);
    expect(() => integrator.step(stepOf({ ...base, dim: 2 }))).toThrow(/N·d = 4/);
    expect(() => integrator.step(stepOf({ ...base, dt: 0 }))).toThrow(/dt/);
    expect(() => integrator.step(stepOf({ ...base, sigma: -1 }))).toThrow(/sigma/);
    expect(() => integrator.step(stepOf({ ...base, particleCount: 1.5 }))).toThrow(/positive integers/);
  });

  it('has the stationary variance σ²/(κ(2 − κh)) of docs/math.md §7, an O(h) bias over s0²', () => {
    // Zero drift leaves the Ornstein–Uhlenbeck part θ ← (1 − κh) θ + σ√h ξ, κ = σ²/(2 s0²), a
    // Gaussian AR(1) with ρ = 1 − κh and stationary variance v = σ²h/(1 − ρ²) = σ²/(κ(2 − κh)).
    //
    // Estimator: the mean of θ² over M = N·d independent coordinates and T steps after burn-in.
    // For a stationary Gaussian AR(1), Cov(θ_n², θ_{n+m}²) = 2v²ρ^{2m}, so its standard error is
    //   SE = v · sqrt(2 τ / (M T)),  τ = (1 + ρ²)/(1 − ρ²)  (integrated autocorrelation time).
    // Burn-in from N(0, s0²): the transient (s0² − v)ρ^{2n} ≤ s0² e^{−2κhn} is made ≤ 1e-4 s0², a
    // small fraction of SE. Steps T are ∝ τ, so each SE is about the same fraction of its v.
    const s0 = 1;
    const sigma = 1;
    const kappa = (sigma * sigma) / (2 * s0 * s0);
    const particleCount = 2000;
    const dim = 5;
    const size = particleCount * dim;
    const prior = new GaussianPrior(s0);
    const steps = [0.8, 0.4, 0.2, 0.1];

    const measured = steps.map((h, run) => {
      const rho = 1 - kappa * h;
      const tau = (1 + rho * rho) / (1 - rho * rho);
      const burnIn = Math.ceil(Math.log(1e4) / (2 * kappa * h));
      const sampled = Math.ceil(120 * tau);
      const rng = createRandom(1000 + run);
      const theta = new Float64Array(size);
      for (let i = 0; i < particleCount; i++) prior.sample(rng, theta, i * dim, dim);
      const step = stepOf({ theta, drift: new Float64Array(size), particleCount, dim, dt: h, sigma, prior, rng });
      const integrator = new EulerMaruyamaIntegrator();
      for (let n = 0; n < burnIn; n++) integrator.step(step);
      let sumOfSquares = 0;
      for (let n = 0; n < sampled; n++) {
        integrator.step(step);
        for (let k = 0; k < size; k++) sumOfSquares += theta[k] * theta[k];
      }
      const exact = (sigma * sigma) / (kappa * (2 - kappa * h));
      return { h, variance: sumOfSquares / (size * sampled), exact, se: exact * Math.sqrt((2 * tau) / (size * sampled)) };
    });

    for (const { variance, exact, se } of measured) {
      expect(Math.abs(variance - exact)).toBeLessThan(5 * se);
      // The bias is resolved: s0² itself is many standard errors away.
      expect(Math.abs(variance - s0 * s0)).toBeGreaterThan(10 * se);
    }

    // log–log slope of the bias v − s0² against h, by least squares; the formula's own slope over
    // these h is 1.09 (→ 1 as h → 0). Its standard error follows from SE/(v − s0²) per point.
    const x = measured.map(({ h }) => Math.log(h));
    const fitSlope = (y: number[]) => {
      const xMean = x.reduce((a, b) => a + b) / x.length;
      const yMean = y.reduce((a, b) => a + b) / y.length;
      const sxx = x.reduce((a, xi) => a + (xi - xMean) ** 2, 0);
      return { slope: x.reduce((a, xi, i) => a + (xi - xMean) * (y[i] - yMean), 0) / sxx, xMean, sxx };
    };
    const { slope, xMean, sxx } = fitSlope(measured.map(({ variance }) => Math.log(variance - s0 * s0)));
    const { slope: exactSlope } = fitSlope(measured.map(({ exact }) => Math.log(exact - s0 * s0)));
    const slopeSe = Math.sqrt(measured.reduce((a, { h, se, exact }) => a + ((Math.log(h) - xMean) * se / (exact - s0 * s0)) ** 2, 0)) / sxx;
    expect(Math.abs(slope - exactSlope)).toBeLessThan(5 * slopeSe);
    expect(Math.abs(slope - 1)).toBeLessThan(0.25);
  });
});
