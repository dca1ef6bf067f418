import { describe, expect, it } from 'vitest';
import { SigmoidActivation } from '../activations/sigmoid-activation';
import { SineActivation } from '../activations/sine-activation';
import { SoftplusActivation } from '../activations/softplus-activation';
import { TanhActivation } from '../activations/tanh-activation';
import { NeuronUnit, outputWeight, outputWeightDerivative } from './neuron-unit';

/** Unit round-off of float64. */
const EPS = 2 ** -53;
/** Finite-difference step; a power of two so θ_k ± H is exact for the |θ_k| < 4 used here. */
const H = 2 ** -16;

/** A deterministic pseudo-random stream in [−1, 1) (a fixed LCG, so failures reproduce). */
function uniformStream(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 31 - 1;
  };
}

const activations = [new TanhActivation(), new SigmoidActivation(), new SoftplusActivation(), new SineActivation()];

describe('NeuronUnit', () => {
  it('has parameter dimension p + 2 and kind neuron', () => {
    const unit = new NeuronUnit(new TanhActivation(), 3);
    expect(unit.kind).toBe('neuron');
    expect(unit.parameterDim(4)).toBe(6);
  });

  it('rejects a non-positive or NaN output bound', () => {
    for (const bound of [0, -1, NaN]) expect(() => new NeuronUnit(new TanhActivation(), bound)).toThrow(RangeError);
  });

  it('evaluates ℓ(c)·ϱ(w·x + b) with ℓ(c) = L tanh(c/L), or c for L = ∞', () => {
    const theta = [1.5, 0.5, -0.25, 0.75];
    const x = [0.5, 2];
    const z = 0.75 + 0.5 * 0.5 - 0.25 * 2;
    expect(new NeuronUnit(new SineActivation(), Infinity).value(theta, x)).toBe(1.5 * Math.sin(z));
    expect(new NeuronUnit(new SineActivation(), 2).value(theta, x)).toBe(2 * Math.tanh(0.75) * Math.sin(z));
  });

  it('ℓ and ℓ′ stay finite and accurate for |c| ≫ L', () => {
    expect(outputWeight(1e3, 3)).toBe(3);
    expect(outputWeight(-1e3, Infinity)).toBe(-1e3);
    expect(outputWeightDerivative(1e3, Infinity)).toBe(1);
    // ℓ'(90) = sech²(30) ≈ 4e^{−60}(1 − 2e^{−60}); a few roundings apart.
    expect(Math.abs(outputWeightDerivative(90, 3) / (4 * Math.exp(-60)) - 1)).toBeLessThan(16 * EPS);
  });

  describe.each(activations)('with $name', (activation) => {
    it.each([3, Infinity])('addGradient matches central differences of value (L = %s)', (bound) => {
      const unit = new NeuronUnit(activation, bound);
      const next = uniformStream(17);
      for (let trial = 0; trial < 40; trial++) {
        const theta = Array.from({ length: 6 }, () => 3 * next());
        const x = Array.from({ length: 4 }, () => next());
        const weight = 0.75;
        const offset = 2;
        const out = new Float64Array(9).fill(0.5);
        unit.addGradient(theta, x, weight, out, offset);
        expect(out[0]).toBe(0.5);
        expect(out[1]).toBe(0.5);
        expect(out[8]).toBe(0.5);
        // Truncation: H²/6 · |∂³φ/∂θ_k³| ≤ H²/6 · 6, since |ℓ| ≤ 3, |ϱ‴| ≤ 2, |x| ≤ 1 (and for c,
        // |ℓ‴|·|ϱ| ≤ (2/L²)·15). Round-off: each value is within 8ε·(|φ| + |ℓ|·Σ|terms of z|)
        // (activation rounding plus the 5-term sum for z); two of them, divided by 2H.
        const zTerms = Math.abs(theta[5]) + x.reduce((sum, xk, k) => sum + Math.abs(theta[1 + k] * xk), 0);
        const valueError = 8 * EPS * (Math.abs(unit.value(theta, x)) + Math.abs(outputWeight(theta[0], bound)) * zTerms);
        const tolerance = H * H + valueError / H;
        for (let k = 0; k < 6; k++) {
          const plus = theta.slice();
          const minus = theta.slice();
          plus[k] += H;
          minus[k] -= H;
          const difference = (unit.value(plus, x) - unit.value(minus, x)) / (2 * H);
          const gradient = (out[offset + k] - 0.5) / weight;
          expect(Math.abs(gradient - difference), `trial ${trial}, θ_${k}`).toBeLessThanOrEqual(tolerance);
        }
      }
    });
  });
});
