import { besselI1OverI0, createRandom, discretizeEnvironment, SoftBellmanSolver, softValueIteration } from '@mfpg/core';
import { describe, expect, it } from 'vitest';
import { ControlledTorus, ControlledTorusParams } from './controlled-torus';

const TWO_PI = 2 * Math.PI;

describe('ControlledTorus (B3)', () => {
  const params = ControlledTorusParams.parse({});
  const env = new ControlledTorus(params);
  const tau = 0.4;

  it('has the docs/math.md §7 defaults and a strict schema', () => {
    expect(params).toEqual({ beta: 0.1, kappaP: 50, cA: 0.2, gamma: 0.9 });
    expect(() => ControlledTorusParams.parse({ gamma: -0.1 })).toThrow();
    expect(() => ControlledTorusParams.parse({ kappa: 5 })).toThrow();
    expect(env.reward([0.5], [0.5])).toBeCloseTo(-1 - 0.4, 15);
  });

  it('satisfies V*(ρ) − V^π(ρ) = τ/(1−γ) Σ_i d^π_i KL(π(·|s_i) | π*(·|s_i)) on the 24×24 grid', () => {
    const n = 24;
    const { mdp } = discretizeEnvironment(env, n, n);
    const optimum = softValueIteration(mdp, tau);
    let optimalValue = 0;
    for (let i = 0; i < n; i++) optimalValue += mdp.initial[i] * optimum.V[i];
    const evaluator = new SoftBellmanSolver(mdp, tau);
    const rng = createRandom(3);
    for (const scale of [0.3, 1, 3]) {
      const f = new Float64Array(n * n).map(() => scale * rng.normal());
      const value = evaluator.evaluate(f);
      let weightedKl = 0;
      for (let i = 0; i < n; i++) {
        let kl = 0;
        for (let k = 0; k < n; k++) {
          const ik = i * n + k;
          kl += evaluator.policyMass[ik] * (evaluator.logPolicy[ik] - optimum.logPolicy[ik]);
        }
        weightedKl += evaluator.occupancy[i] * kl;
      }
      const gap = optimalValue - value;
      const predicted = (tau / (1 - params.gamma)) * weightedKl;
      // An exact identity of the finite MDP. The gaps are 6.5, 7.5, 16.8 here; VI error < 1e−13 and
      // the solves' rounding (≈ S·eps·cond·|V| ≈ 1e−12) leave < 1e−12 relative (observed ≈ 1e−14);
      // 1e−10 relative is the required bound.
      expect(gap).toBeGreaterThan(1);
      expect(Math.abs(gap - predicted)).toBeLessThan(1e-10 * gap);
    }
  });

  it('has ∂F/∂f_ik (central differences) = W_ik to 1e−6 relative on an 8×8 grid', () => {
    const n = 8;
    const { mdp, stateNodes, actionNodes } = discretizeEnvironment(env, n, n);
    const evaluator = new SoftBellmanSolver(mdp, tau);
    const f = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < n; k++) {
        const s = stateNodes.nodes[i];
        const a = actionNodes.nodes[k];
        f[i * n + k] = 0.7 * Math.cos(TWO_PI * (a - s)) + 0.3 * Math.sin(TWO_PI * s) + 0.5 * Math.sin(TWO_PI * 3 * a);
      }
    }
    evaluator.evaluate(f);
    const W = Float64Array.from(evaluator.weights);
    const h = 1e-4;
    let worst = 0;
    for (let ik = 0; ik < n * n; ik++) {
      const saved = f[ik];
      f[ik] = saved + h;
      const plus = evaluator.evaluate(f);
      f[ik] = saved - h;
      const minus = evaluator.evaluate(f);
      f[ik] = saved;
      const derivative = (plus - minus) / (2 * h);
      // Central differences: truncation (h²/6)|∂³F/∂f³| (observed ≈ 2e−8·|W_ik| at h = 1e−4,
      // scaling as h²) plus rounding eps·|F|/h ≈ 1.5e−11 (|F| ≈ 6.8), i.e. ≲ 1e−8 relative since
      // every |W_ik| ≥ 1.5e−3 here. A wrong factor in W (d, p, A, 1/(1−γ)) is an O(1) miss.
      worst = Math.max(worst, Math.abs(derivative - W[ik]) / Math.abs(W[ik]));
    }
    expect(worst).toBeLessThan(1e-6);
    expect(Math.min(...W.map(Math.abs))).toBeGreaterThan(1e-3);
  });

  it('converges under grid refinement n → 2n (spectrally) for a fixed smooth policy', () => {
    // f(s,a) = 0.7 cos 2π(a − s) + 0.3 sin 2πs on n×n nodes, n = 8 … 128.
    const sizes = [8, 16, 32, 64, 128];
    const values = sizes.map((n) => {
      const { mdp, stateNodes, actionNodes } = discretizeEnvironment(env, n, n);
      const f = new Float64Array(n * n);
      for (let i = 0; i < n; i++) {
        for (let k = 0; k < n; k++) {
          const s = stateNodes.nodes[i];
          f[i * n + k] = 0.7 * Math.cos(TWO_PI * (actionNodes.nodes[k] - s)) + 0.3 * Math.sin(TWO_PI * s);
        }
      }
      return new SoftBellmanSolver(mdp, tau).evaluate(f);
    });
    // Observed: F = −6.5089, −6.6104, −6.65605, −6.656006004521, −6.656006004521;
    // differences |F_2n − F_n| ≈ 0.10, 0.046, 3.9e−5, 1.3e−14 (n = 8, 16, 32, 64).
    const differences = values.slice(1).map((v, m) => Math.abs(v - values[m]));
    // Each difference shrinks, and faster and faster (ratios 0.45, 8.6e−4, 3e−10): spectral
    // convergence of the trapezoid rule for the analytic, periodic von Mises kernel.
    for (let m = 1; m < differences.length; m++) expect(differences[m]).toBeLessThan(differences[m - 1]);
    const ratios = differences.slice(1).map((d, m) => d / differences[m]);
    for (let m = 1; m < ratios.length; m++) expect(ratios[m]).toBeLessThan(ratios[m - 1]);
    // The error model: the n-node trapezoid aliases the kernel's Fourier coefficients
    // I_m(κP)/I0(κP) at m = n, so |F_n − F_∞| ≈ C·I_n(κP)/I0(κP) with C = O(1). At n = 32 this is
    // 4.5e−5 (observed difference 3.9e−5); a wrong kernel normalisation or a missing quadrature
    // weight breaks this order of magnitude.
    const aliasing32 = besselRatio(32, params.kappaP);
    expect(differences[2] / aliasing32).toBeGreaterThan(0.1);
    expect(differences[2] / aliasing32).toBeLessThan(10);
    // Prediction for n = 64 → 128 from the sequence alone: the next difference is at most the last
    // one times the last ratio (ratios decrease), 3.9e−5·8.6e−4 ≈ 3e−8. (The aliasing model puts the
    // true error at C·I_64(50)/I0(50) ≈ 6e−17, i.e. rounding: 128·eps·cond·|F| ≈ 4e−12.)
    const predicted = differences[2] * ratios[1];
    expect(differences[3]).toBeLessThan(predicted);
    expect(differences[3]).toBeLessThan(128 * Number.EPSILON * ((1 + params.gamma) / (1 - params.gamma)) * Math.abs(values[4]));
  });

  it('samples s′ with circular mean ρ1 e^{2πiβ sin 2πa} around s', () => {
    const rng = createRandom(9);
    const draws = 100_000;
    const out = new Float64Array(1);
    const a = 0.2;
    let c = 0;
    let s = 0;
    for (let t = 0; t < draws; t++) {
      const from = rng.uniform();
      env.sampleNextState([from], [a], rng, out);
      c += Math.cos(TWO_PI * (out[0] - from));
      s += Math.sin(TWO_PI * (out[0] - from));
    }
    const rho1 = besselI1OverI0(params.kappaP);
    const shift = params.beta * Math.sin(TWO_PI * a);
    // Standard error ≤ 1/√draws; 5 of them ≈ 0.016, while the drift angle 2π·0.095 moves the sine by 0.55.
    const bound = 5 / Math.sqrt(draws);
    expect(Math.abs(c / draws - rho1 * Math.cos(TWO_PI * shift))).toBeLessThan(bound);
    expect(Math.abs(s / draws - rho1 * Math.sin(TWO_PI * shift))).toBeLessThan(bound);
  });
});

/**
 * I_m(κ)/I0(κ) from the integral representation I_m(κ) = (1/2π)∫ e^{κ cos t} cos(mt) dt, by the
 * 512-node trapezoid rule (aliasing ≈ I_480(κ)/I_m(κ), negligible), scaled by e^{−κ} throughout.
 */
function besselRatio(order: number, kappa: number): number {
  let numerator = 0;
  let denominator = 0;
  for (let j = 0; j < 512; j++) {
    const t = (TWO_PI * j) / 512;
    const weight = Math.exp(kappa * (Math.cos(t) - 1));
    numerator += weight * Math.cos(order * t);
    denominator += weight;
  }
  return numerator / denominator;
}
