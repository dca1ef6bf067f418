import { SigmoidActivation, SineActivation, SoftplusActivation, TanhActivation } from '@mfpg/core';
import { describe, expect, it } from 'vitest';
import type { LogisticForm } from '@mfpg/core';
import { logisticFormOf } from './kernels/logistic-form';
import { fillSplitExponentials } from './kernels/split-exponentials';
import { EPS } from './testing/kernel-reference';

const tanhForm = logisticFormOf(new TanhActivation()) as LogisticForm;
const sigmoidForm = logisticFormOf(new SigmoidActivation()) as LogisticForm;

/** Runs fillSplitExponentials and returns eu[o]·ev[i] row-major, or undefined when it declines. */
function products(form: LogisticForm, u: number[], v: number[]): Float64Array | undefined {
  const eu = new Float64Array(u.length);
  const ev = new Float64Array(v.length);
  const split = fillSplitExponentials(form, Float64Array.from(u), u.length, Float64Array.from(v), v.length, eu, ev);
  if (!split) return undefined;
  return Float64Array.from({ length: u.length * v.length }, (_, j) => eu[Math.floor(j / v.length)] * ev[j % v.length]);
}

describe('logisticFormOf', () => {
  it('knows tanh and sigmoid, and no other activation', () => {
    expect(tanhForm).toEqual({ alpha: 1, beta: -2, gamma: 4, kappa: 2 });
    expect(sigmoidForm).toEqual({ alpha: 0, beta: 1, gamma: 1, kappa: -1 });
    expect(logisticFormOf(new SoftplusActivation())).toBeUndefined();
    expect(logisticFormOf(new SineActivation())).toBeUndefined();
  });

  it.each([
    ['tanh', tanhForm, new TanhActivation()],
    ['sigmoid', sigmoidForm, new SigmoidActivation()],
  ] as const)('writes %s as α + β/(1 + E) with derivative γE/(1 + E)², E = e^{κz}', (_, form, activation) => {
    for (let z = -20; z <= 20; z += 0.125) {
      const e = Math.exp(form.kappa * z);
      // A few roundings of quantities ≤ 2 on each side.
      expect(Math.abs(form.alpha + form.beta / (1 + e) - activation.value(z))).toBeLessThanOrEqual(8 * EPS);
      expect(Math.abs((form.gamma * e) / (1 + e) ** 2 - activation.derivative(z))).toBeLessThanOrEqual(16 * EPS);
    }
  });
});

describe('fillSplitExponentials', () => {
  // Integer u, v keep u − s and v + s exact, so eu·ev carries only the exponentials' roundings
  // (≤ 2ε relative each, V8's exp being within one ulp) and the product's: 5ε relative.
  const expectProducts = (form: LogisticForm, u: number[], v: number[]) => {
    const actual = products(form, u, v);
    expect(actual).toBeDefined();
    u.forEach((uo, o) =>
      v.forEach((vi, i) => {
        const exact = Math.exp(form.kappa * (uo + vi));
        expect(Math.abs((actual as Float64Array)[o * v.length + i] / exact - 1)).toBeLessThanOrEqual(6 * EPS);
      }),
    );
  };

  it('splits directly when every exponent is within range', () => {
    expectProducts(tanhForm, [-100, 0, 170], [-170, 5, 100]);
    expectProducts(sigmoidForm, [-350, 0, 350], [-300, 300]);
  });

  it('shifts the split when one factor alone would overflow (tanh: |u| > 177)', () => {
    expectProducts(tanhForm, [300, 320], [-10, 10]);
    expectProducts(tanhForm, [300], [-300]);
    expectProducts(sigmoidForm, [-600, -500], [100, 200]);
  });

  it('declines when some |κz| exceeds 354 by more than the shift can absorb, or on NaN/∞', () => {
    expect(products(tanhForm, [400], [0])).toBeUndefined();
    expect(products(tanhForm, [300, -300], [0])).toBeUndefined();
    expect(products(sigmoidForm, [800], [0])).toBeUndefined();
    expect(products(tanhForm, [NaN, 0], [0])).toBeUndefined();
    expect(products(tanhForm, [0], [Infinity])).toBeUndefined();
  });
});
