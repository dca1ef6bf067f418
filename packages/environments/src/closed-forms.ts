import { besselI1OverI0, logBesselI0 } from '@mfpg/core';
import type { ActionIndependentTorusParams } from './action-independent-torus';
import type { TorusBanditParams } from './torus-bandit';
import { TWO_PI } from './two-pi';

/**
 * Closed-form soft optima of benchmarks B1 and B2 (docs/math.md §1, §7), the independent references
 * for grid evaluation and for the flow's limit. τ > 0 is the policy-entropy strength.
 */

/**
 * B1: V* = τ log ∫ exp(r/τ) dμ / (1−γ) = τ log I0(α/τ)/(1−γ), since
 * ∫_0^1 exp(c cos 2π(a − a0)) da = I0(c).
 */
export function torusBanditOptimalValue(params: TorusBanditParams, tau: number): number {
  return (tau * logBesselI0(params.alpha / tau)) / (1 - params.gamma);
}

/** B1: ℓ*(a), the log-density of π* w.r.t. μ: (α/τ) cos 2π(a − a0) − log I0(α/τ). */
export function torusBanditOptimalLogDensity(params: TorusBanditParams, tau: number, a: number): number {
  const c = params.alpha / tau;
  return c * Math.cos(TWO_PI * (a - params.a0)) - logBesselI0(c);
}

/**
 * B2: V*(s) = τ log I0(α/τ)/(1−γ) + Re[e^{2πis} / (1 − γρ1 e^{2πiβ0})], ρ1 = I1(κP)/I0(κP).
 * Why: V* = c + g(s) with the action integral giving τ log I0(α/τ) per step, and g = Re[G e^{2πis}]
 * solving g = cos 2πs + γ E[g(s')|s] with E[e^{2πis'}|s] = ρ1 e^{2πi(s+β0)}.
 * The complex quotient is written out: with D = d_r + i d_i = 1 − γρ1 e^{2πiβ0},
 * Re[e^{2πis}/D] = (d_r cos 2πs + d_i sin 2πs)/(d_r² + d_i²).
 */
export function actionIndependentTorusOptimalValue(params: ActionIndependentTorusParams, tau: number, s: number): number {
  const { gamma, alpha, kappaP, beta0 } = params;
  const damping = gamma * besselI1OverI0(kappaP);
  const dr = 1 - damping * Math.cos(TWO_PI * beta0);
  const di = -damping * Math.sin(TWO_PI * beta0);
  const periodic = (dr * Math.cos(TWO_PI * s) + di * Math.sin(TWO_PI * s)) / (dr * dr + di * di);
  return (tau * logBesselI0(alpha / tau)) / (1 - gamma) + periodic;
}

/** B2: ℓ*(s,a) = (α/τ) cos 2π(a − s) − log I0(α/τ), since Q* − V* depends on a only through r. */
export function actionIndependentTorusOptimalLogPolicy(
  params: ActionIndependentTorusParams,
  tau: number,
  s: number,
  a: number,
): number {
  const c = params.alpha / tau;
  return c * Math.cos(TWO_PI * (a - s)) - logBesselI0(c);
}
