import { besselI0, besselI1, createRandom, gaussHermite, GridEvaluator } from '@mfpg/core';
import { describe, expect, it } from 'vitest';
import { expectedTanhSquared, Pitchfork, pitchforkCriticalSigmaSquared } from './pitchfork';

/**
 * E[tanh²Z] by the trapezoid rule on [−L, L] with step h: for an integrand analytic in the strip
 * |Im z| < π/2 the error is O(exp(−π²/h)) (≈ 1e−40 at h = 0.025) plus the tail beyond L = 12
 * (< e^{−72}); an independent reference for the Gauss–Hermite value.
 */
function trapezoidTanhSquared(): number {
  const h = 0.025;
  let sum = 0;
  for (let z = -12; z <= 12 + 1e-12; z += h) sum += Math.tanh(z) ** 2 * Math.exp(-0.5 * z * z);
  return (sum * h) / Math.sqrt(2 * Math.PI);
}

describe('pitchfork (docs/math.md §7 B5)', () => {
  it('E[tanh²Z] by Gauss–Hermite agrees with a trapezoid reference to 1e-13', () => {
    expect(Math.abs(expectedTanhSquared() - trapezoidTanhSquared())).toBeLessThan(1e-13);
    expect(expectedTanhSquared()).toBeCloseTo(0.3942, 3);
  });

  it('σc² = 2·E[tanh²Z]·(¼ − τ/2)', () => {
    const e = trapezoidTanhSquared();
    expect(Math.abs(pitchforkCriticalSigmaSquared(0.1) - 2 * e * 0.2)).toBeLessThan(1e-13);
    expect(pitchforkCriticalSigmaSquared(0.6)).toBeLessThan(0);
    expect(() => pitchforkCriticalSigmaSquared(0)).toThrow(/τ/);
  });

  it('features give tanh(θ)·cos 2πa with the separable unit; reward cos 4πa', () => {
    const env = new Pitchfork();
    const out = new Float64Array(1);
    env.features([0], [0.125], out, 0);
    expect(out[0]).toBeCloseTo(Math.SQRT1_2, 15);
    expect(env.reward([0], [0.25])).toBeCloseTo(-1, 15);
    expect(env.gamma).toBe(0);
  });

  it('the grid value of f = m cos 2πa equals the Bessel closed form (spectral accuracy)', async () => {
    const tau = 0.1;
    for (const m of [0.4, 1.3, -2]) {
      const evaluator = new GridEvaluator(new Pitchfork(), { tau, statesPerDim: 1, actionsPerDim: 64 });
      const evaluation = await evaluator.evaluate({ forward: (points, out) => points.data.forEach((x, j) => (out[j] = m * x)) }, undefined as never);
      // π ∝ e^{m cos 2πa}: E cos 4πa = I2/I0 with I2 = I0 − 2I1/m, KL = m I1/I0 − log I0.
      const i0 = besselI0(m);
      const i1 = besselI1(m);
      const expected = (i0 - (2 * i1) / m) / i0 - tau * ((m * i1) / i0 - Math.log(i0));
      // The trapezoid rule with 64 nodes is exact up to aliasing ~ I_64(|m|)/I0(|m|) < 1e−60.
      expect(Math.abs(evaluation.value - expected)).toBeLessThan(1e-13);
    }
  });

  it('the Gibbs map of the separable unit bifurcates at σc²: two limits below, m = 0 above', async () => {
    // Stationary ν ∝ exp((2/σ²) F'(m) tanh θ − θ²/2) with m = ∫ tanh dν (docs/math.md §4.2, s0 = 1,
    // γ = 0); F'(m) by central differences of the grid value, the θ-integrals by Gauss–Hermite.
    const tau = 0.1;
    const evaluator = new GridEvaluator(new Pitchfork(), { tau, statesPerDim: 1, actionsPerDim: 64 });
    const value = async (m: number) => (await evaluator.evaluate({ forward: (points, out) => points.data.forEach((x, j) => (out[j] = m * x)) }, createRandom(0))).value;
    const slope = async (m: number) => ((await value(m + 1e-5)) - (await value(m - 1e-5))) / 2e-5;
    const rule = gaussHermite(60);
    const gibbs = async (m: number, sigmaSquared: number) => {
      const c = (2 / sigmaSquared) * (await slope(m));
      let numerator = 0;
      let denominator = 0;
      for (let j = 0; j < rule.count; j++) {
        const t = Math.tanh(rule.nodes[j]);
        const w = rule.weights[j] * Math.exp(c * t);
        numerator += w * t;
        denominator += w;
      }
      return numerator / denominator;
    };
    const critical = pitchforkCriticalSigmaSquared(tau);
    const limit = async (start: number, sigmaSquared: number) => {
      let m = start;
      for (let n = 0; n < 300; n++) m = await gibbs(m, sigmaSquared);
      return m;
    };
    // Below σc² the fixed point iteration leaves m = 0 and the sign of m_0 picks the limit.
    const below = await limit(0.05, 0.7 * critical);
    expect(below).toBeGreaterThan(0.1);
    expect(Math.abs((await limit(-0.05, 0.7 * critical)) + below)).toBeLessThan(1e-9);
    // Above σc² the map contracts to m = 0 (slope σc²/σ² ≈ 0.77 per iteration), down to the floor
    // set by the round-off of the finite-difference F'(0), ≈ eps·|F|/1e-5 ≈ 1e-11.
    expect(Math.abs(await limit(0.5, 1.3 * critical))).toBeLessThan(1e-9);
  });
});
