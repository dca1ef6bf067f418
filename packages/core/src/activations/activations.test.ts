import { describe, expect, it } from 'vitest';
import type { Activation } from '../plugin-points/activation';
import { SigmoidActivation } from './sigmoid-activation';
import { SineActivation } from './sine-activation';
import { SoftplusActivation } from './softplus-activation';
import { TanhActivation } from './tanh-activation';

/** Unit round-off of float64. */
const EPS = 2 ** -53;
/** Finite-difference step: a power of two, so z ± H is exact for |z| < 2^37. */
const H = 2 ** -16;

interface Case {
  activation: Activation;
  /** sup |ϱ'''|, bounding the central difference's truncation error H²/6 · sup |ϱ'''| for ϱ. */
  thirdDerivativeBound: number;
  /** sup |ϱ''''|, the same for ϱ' (its central difference against ϱ''). */
  fourthDerivativeBound: number;
}

const cases: Case[] = [
  { activation: new TanhActivation(), thirdDerivativeBound: 2, fourthDerivativeBound: 4.1 },
  { activation: new SigmoidActivation(), thirdDerivativeBound: 1 / 8, fourthDerivativeBound: 0.128 },
  { activation: new SoftplusActivation(), thirdDerivativeBound: 0.1, fourthDerivativeBound: 1 / 8 },
  { activation: new SineActivation(), thirdDerivativeBound: 1, fourthDerivativeBound: 1 },
];

const grid = Array.from({ length: 161 }, (_, k) => -20 + k * 0.25 + 0.01);

/**
 * |D_H g(z) − g'(z)| ≤ H²/6 · sup|g‴| (truncation) + 4ε·max(1, |g|)/H (round-off: two
 * evaluations, each within two ulps ≤ 4ε·|g|, divided by 2H; max(1, ·) covers g near 0).
 */
function centralDifferenceBound(truncationBound: number, magnitude: number): number {
  return ((H * H) / 6) * truncationBound + (4 * EPS * Math.max(1, magnitude)) / H;
}

describe.each(cases)('$activation.name activation', ({ activation, thirdDerivativeBound, fourthDerivativeBound }) => {
  it('derivative matches a central difference of value', () => {
    for (const z of grid) {
      const difference = (activation.value(z + H) - activation.value(z - H)) / (2 * H);
      const bound = centralDifferenceBound(thirdDerivativeBound, Math.abs(activation.value(z)));
      expect(Math.abs(difference - activation.derivative(z)), `z = ${z}`).toBeLessThanOrEqual(bound);
    }
  });

  it('secondDerivative matches a central difference of derivative', () => {
    for (const z of grid) {
      const difference = (activation.derivative(z + H) - activation.derivative(z - H)) / (2 * H);
      const bound = centralDifferenceBound(fourthDerivativeBound, 1);
      expect(Math.abs(difference - activation.secondDerivative(z)), `z = ${z}`).toBeLessThanOrEqual(bound);
    }
  });

  it('is finite at ±1e3', () => {
    for (const z of [-1e3, 1e3]) {
      expect(Number.isFinite(activation.value(z))).toBe(true);
      expect(Number.isFinite(activation.derivative(z))).toBe(true);
      expect(Number.isFinite(activation.secondDerivative(z))).toBe(true);
    }
  });
});

describe('limits at ±1e3', () => {
  it('tanh saturates to ±1 with vanishing derivatives', () => {
    const tanh = new TanhActivation();
    expect(tanh.value(1e3)).toBe(1);
    expect(tanh.value(-1e3)).toBe(-1);
    for (const z of [-1e3, 1e3]) {
      expect(tanh.derivative(z)).toBe(0);
      expect(Math.abs(tanh.secondDerivative(z))).toBe(0);
    }
  });

  it('sigmoid saturates to 1 and 0 with vanishing derivatives', () => {
    const sigmoid = new SigmoidActivation();
    expect(sigmoid.value(1e3)).toBe(1);
    expect(sigmoid.value(-1e3)).toBe(0);
    for (const z of [-1e3, 1e3]) {
      expect(sigmoid.derivative(z)).toBe(0);
      expect(Math.abs(sigmoid.secondDerivative(z))).toBe(0);
    }
  });

  it('softplus tends to z and to 0, its slope to 1 and to 0', () => {
    const softplus = new SoftplusActivation();
    expect(softplus.value(1e3)).toBe(1e3);
    expect(softplus.value(-1e3)).toBe(0);
    expect(softplus.derivative(1e3)).toBe(1);
    expect(softplus.derivative(-1e3)).toBe(0);
    expect(softplus.secondDerivative(1e3)).toBe(0);
    expect(softplus.secondDerivative(-1e3)).toBe(0);
  });

  it('sin stays on the unit circle with its derivative', () => {
    const sine = new SineActivation();
    for (const z of [-1e3, 1e3]) {
      // sin² + cos² = 1 up to three roundings of values ≤ 1.
      expect(Math.abs(sine.value(z) ** 2 + sine.derivative(z) ** 2 - 1)).toBeLessThanOrEqual(6 * EPS);
      expect(sine.secondDerivative(z)).toBe(-sine.value(z));
    }
  });
});

describe('relative accuracy in the tails', () => {
  // At |z| = 30 the closed forms below are evaluated from e^{−30} ≈ 9e−14 alone, so each is
  // within a few roundings of the truth; 8ε relative leaves room for both sides' round-off.
  const z = 30;

  it('tanh′ = sech² keeps its relative accuracy where 1 − tanh² rounds to 0', () => {
    const exact = 4 * Math.exp(-2 * z) / (1 + Math.exp(-2 * z)) ** 2;
    const tanh = new TanhActivation();
    expect(1 - Math.tanh(z) ** 2).toBe(0);
    expect(Math.abs(tanh.derivative(z) / exact - 1)).toBeLessThanOrEqual(8 * EPS);
    expect(Math.abs(tanh.derivative(-z) / exact - 1)).toBeLessThanOrEqual(8 * EPS);
  });

  it('sigmoid(−z) and softplus(−z) keep their relative accuracy', () => {
    const e = Math.exp(-z);
    const sigmoid = new SigmoidActivation();
    const softplus = new SoftplusActivation();
    expect(Math.abs(sigmoid.value(-z) / (e / (1 + e)) - 1)).toBeLessThanOrEqual(8 * EPS);
    // log1p(e) = e − e²/2 + …: relative correction e/2 ≈ 5e−14 is kept by log1p.
    expect(Math.abs(softplus.value(-z) / Math.log1p(e) - 1)).toBeLessThanOrEqual(8 * EPS);
    expect(Math.abs(softplus.value(-z) / e - 1)).toBeGreaterThan(1e-14);
  });
});
