import { describe, expect, it } from 'vitest';
import { PluginError } from '../errors';
import { UniformTorusMeasure } from '../measures/uniform-torus-measure';
import { createRandom } from '../math/random';
import type { Environment } from '../plugin-points/environment';
import type { DiscreteMdp } from './discrete-mdp';
import { discretizeEnvironment } from './discretize-environment';
import { SoftBellmanSolver } from './soft-bellman-solver';
import { softValueIteration } from './soft-value-iteration';

const BETA = 0.137;
const GAMMA = 0.9;

/** A deterministic rotation of the torus, s' = s + β, r = cos 2πs, actions irrelevant. */
function rotation(): Environment {
  return {
    id: 'rotation',
    stateSpace: { kind: 'torus', dim: 1 },
    actionSpace: { kind: 'torus', dim: 1 },
    actionMeasure: new UniformTorusMeasure(1),
    gamma: GAMMA,
    featureDim: 1,
    features: (_s, a, out, offset) => void (out[offset] = Math.cos(2 * Math.PI * a[0])),
    reward: (s) => Math.cos(2 * Math.PI * s[0]),
    sampleInitialState: (rng, out) => void (out[0] = rng.uniform()),
    sampleNextState: (s, _a, _rng, out) => void (out[0] = s[0] + BETA),
    nextState: (s, _a, out) => void (out[0] = s[0] + BETA),
    initialDensity: () => 1,
  };
}

/** V(s) = Re[e^{2πis}/(1 − γ e^{2πiβ})] for the uniform policy (KL = 0): V = Σ γ^n cos 2π(s + nβ). */
function exactValue(s: number): number {
  const dr = 1 - GAMMA * Math.cos(2 * Math.PI * BETA);
  const di = -GAMMA * Math.sin(2 * Math.PI * BETA);
  const denominator = dr * dr + di * di;
  return (Math.cos(2 * Math.PI * s) * dr + Math.sin(2 * Math.PI * s) * di) / denominator;
}

function densify(mdp: DiscreteMdp): DiscreteMdp {
  const sparse = mdp.sparseTransition;
  if (sparse === undefined) throw new Error('expected a sparse kernel');
  const S = mdp.stateCount;
  const transition = new Float64Array(S * mdp.actionCount * S);
  for (let row = 0; row < S * mdp.actionCount; row++) {
    for (let e = row * sparse.width; e < (row + 1) * sparse.width; e++) transition[row * S + sparse.columns[e]] += sparse.values[e];
  }
  return { ...mdp, transition, sparseTransition: undefined };
}

describe('interpolated kernel for deterministic dynamics', () => {
  it('rows are probability vectors with 2^dS entries', () => {
    const { mdp } = discretizeEnvironment(rotation(), 16, 3);
    const sparse = mdp.sparseTransition;
    expect(sparse?.width).toBe(2);
    expect(mdp.transition.length).toBe(0);
    for (let row = 0; row < 16 * 3; row++) {
      const sum = (sparse as NonNullable<typeof sparse>).values.subarray(row * 2, row * 2 + 2).reduce((a, b) => a + b, 0);
      expect(Math.abs(sum - 1)).toBeLessThan(1e-15);
    }
  });

  it('the grid value of a rotation is the exact semi-Lagrangian solution and converges at second order', () => {
    const scaled: number[] = [];
    for (const n of [16, 32, 64]) {
      const { mdp, stateNodes } = discretizeEnvironment(rotation(), n, 2);
      const evaluator = new SoftBellmanSolver(mdp, 0.2);
      evaluator.evaluate(new Float64Array(n * 2));
      // β = (j0 + t)h: interpolation maps e^{2πis} to λ e^{2πis}, λ = e^{2πij0h}((1 − t) + t e^{2πih}),
      // so V_h(s_i) = Re[e^{2πis_i}/(1 − γλ)] exactly, and |λ − e^{2πiβ}| ≈ 2π² t(1−t) h².
      const h = 1 / n;
      const j0 = Math.floor(BETA * n);
      const frac = BETA * n - j0;
      const lr = (1 - frac) * Math.cos(2 * Math.PI * j0 * h) + frac * Math.cos(2 * Math.PI * (j0 + 1) * h);
      const li = (1 - frac) * Math.sin(2 * Math.PI * j0 * h) + frac * Math.sin(2 * Math.PI * (j0 + 1) * h);
      const dr = 1 - GAMMA * lr;
      const di = -GAMMA * li;
      let error = 0;
      for (let i = 0; i < n; i++) {
        const s = stateNodes.nodes[i];
        const discrete = (Math.cos(2 * Math.PI * s) * dr + Math.sin(2 * Math.PI * s) * di) / (dr * dr + di * di);
        expect(Math.abs(evaluator.V[i] - discrete)).toBeLessThan(1e-13);
        error = Math.max(error, Math.abs(evaluator.V[i] - exactValue(s)));
      }
      scaled.push(error / (frac * (1 - frac) * h * h));
    }
    // Second order: the error divided by t(1−t)h² settles to a constant as h → 0 (measured 27.6, 27.9, 27.9).
    expect(Math.abs(scaled[1] / scaled[0] - 1)).toBeLessThan(0.05);
    expect(Math.abs(scaled[2] / scaled[1] - 1)).toBeLessThan(0.02);
  });

  it('sparse and densified kernels give the same evaluation, value iteration and GMRES solution', () => {
    const { mdp } = discretizeEnvironment(rotation(), 24, 3);
    const dense = densify(mdp);
    const rng = createRandom(5);
    const f = new Float64Array(24 * 3).map(() => rng.normal());
    const a = new SoftBellmanSolver(mdp, 0.2);
    const b = new SoftBellmanSolver(dense, 0.2);
    const c = new SoftBellmanSolver(dense, 0.2, { solver: 'iterative', tolerance: 1e-13 });
    a.evaluate(f);
    b.evaluate(f);
    c.evaluate(f);
    // Same equations, different summation order (dense LU) or a residual 1e-13·‖b‖ (GMRES), cond ≤ 19.
    a.V.forEach((v, i) => expect(Math.abs(v - b.V[i])).toBeLessThan(1e-12));
    a.V.forEach((v, i) => expect(Math.abs(v - c.V[i])).toBeLessThan(1e-10));
    a.occupancy.forEach((d, i) => expect(Math.abs(d - c.occupancy[i])).toBeLessThan(1e-10));
    a.weights.forEach((w, j) => expect(Math.abs(w - b.weights[j])).toBeLessThan(1e-12));
    const sparseOptimum = softValueIteration(mdp, 0.2);
    const denseOptimum = softValueIteration(dense, 0.2);
    sparseOptimum.V.forEach((v, i) => expect(Math.abs(v - denseOptimum.V[i])).toBeLessThan(1e-12));
  });

  it('a nextState that returns NaN is reported naming the environment', () => {
    const env = { ...rotation(), nextState: (_s: ArrayLike<number>, _a: ArrayLike<number>, out: Float64Array) => void (out[0] = Number.NaN) };
    expect(() => discretizeEnvironment(env, 8, 2)).toThrow(PluginError);
    expect(() => discretizeEnvironment(env, 8, 2)).toThrow(/rotation.*nextState returned/);
  });
});
