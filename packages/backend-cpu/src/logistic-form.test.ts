import { SigmoidActivation, SineActivation, SoftplusActivation, TanhActivation } from '@mfpg/core';
import { describe, expect, it } from 'vitest';
import type { LogisticForm } from '@mfpg/core';
import { logisticFormOf } from './kernels/logistic-form';
import { EPS } from './testing/kernel-reference';

const tanhForm = logisticFormOf(new TanhActivation()) as LogisticForm;
const sigmoidForm = logisticFormOf(new SigmoidActivation()) as LogisticForm;

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
