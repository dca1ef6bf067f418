import { PluginError, type Activation, type LogisticForm } from '@mfpg/core';
import { logisticSlope, logisticValue } from './logistic-form-values';

/**
 * Where a declared logistic form is checked against the activation's own `value` and `derivative`:
 * the centre, both tails, and the range a policy's pre-activations live in.
 */
const CHECK_POINTS = [0, 1e-3, 0.1, 0.37, 0.5, 1, 1.7, 2, 3, 5, 8, 12, 20].flatMap((z) => (z === 0 ? [0] : [z, -z]));

/**
 * Agreement a true declaration meets: both sides are a few roundings of quantities ≤ |α| + |β|
 * (≈ 1e−15), while a wrong α, β or κ moves ϱ or ϱ' by O(1) at some check point. 1e−9 lies between.
 */
const CHECK_TOLERANCE = 1e-9;

const checked = new WeakMap<Activation, LogisticForm | undefined>();

/**
 * The logistic form an activation declares (`Activation.logisticForm`), checked once per activation
 * object against its `value` and `derivative` at CHECK_POINTS; undefined when it declares none.
 * @throws PluginError naming the activation when the declaration is malformed or not satisfied.
 */
export function logisticFormOf(activation: Activation): LogisticForm | undefined {
  if (checked.has(activation)) return checked.get(activation);
  const form = activation.logisticForm;
  if (form !== undefined) checkLogisticForm(activation, form);
  checked.set(activation, form);
  return form;
}

function checkLogisticForm(activation: Activation, form: LogisticForm): void {
  const fail = (detail: string): never => {
    throw new PluginError(`activation '${activation.name}'`, `its declared logistic form ${JSON.stringify(form)} ${detail}`);
  };
  const { alpha, beta, gamma, kappa } = form;
  if (![alpha, beta, gamma, kappa].every(Number.isFinite) || kappa === 0) fail('needs finite α, β, γ and κ ≠ 0');
  if (Math.abs(gamma + beta * kappa) > CHECK_TOLERANCE * Math.abs(gamma)) fail('breaks γ = −β·κ');
  for (const z of CHECK_POINTS) {
    const value = logisticValue(form, z);
    const slope = logisticSlope(form, z);
    const actualValue = activation.value(z);
    const actualSlope = activation.derivative(z);
    if (!(Math.abs(actualValue - value) <= CHECK_TOLERANCE * (Math.abs(alpha) + Math.abs(beta)))) {
      fail(`gives ϱ(${z}) = ${value}, but its value(${z}) is ${actualValue}`);
    }
    if (!(Math.abs(actualSlope - slope) <= CHECK_TOLERANCE * Math.abs(gamma))) {
      fail(`gives ϱ'(${z}) = ${slope}, but its derivative(${z}) is ${actualSlope}`);
    }
  }
}
