import type { LogisticForm } from '@mfpg/core';

/*
 * ϱ and ϱ' of a logistic form (core activations/logistic-form.ts) at one z, through e^{−|κz|}, which
 * cannot overflow: with q = 1/(1 + e^{−|κz|}), r = 1/(1 + e^{κz}) is e^{−|κz|}·q for κz > 0 and q
 * otherwise, and ϱ' = γ·e^{κz}·r² = γ·e^{−|κz|}·q². Used where a declared form is all there is: the
 * declaration check and the product-grid kernels' pair-by-pair path (which run in workers, where the
 * activation object is not).
 */

/** ϱ(z) = α + β/(1 + e^{κz}). */
export function logisticValue(form: LogisticForm, z: number): number {
  const e = Math.exp(-Math.abs(form.kappa * z));
  const q = 1 / (1 + e);
  return form.alpha + form.beta * (form.kappa * z > 0 ? e * q : q);
}

/** ϱ'(z) = γ·e^{κz}/(1 + e^{κz})². */
export function logisticSlope(form: LogisticForm, z: number): number {
  const e = Math.exp(-Math.abs(form.kappa * z));
  const q = 1 / (1 + e);
  return form.gamma * e * q * q;
}
