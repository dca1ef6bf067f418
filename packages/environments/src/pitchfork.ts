import { discountFactor, gaussHermite, MAX_HERMITE_NODES } from '@mfpg/core';
import { z } from 'zod';
import { actionOnlyFeatures } from './action-only-features';
import { OneStateTorusBandit } from './one-state-torus-bandit';
import { TWO_PI } from './two-pi';

/** Parameters of {@link Pitchfork}; docs/math.md §7 B5 fixes γ = 0 (the default). */
export const PitchforkParams = z
  .object({
    /** Discount γ ∈ [0, 1); B5 uses 0 (a bandit). */
    gamma: discountFactor.default(0),
  })
  .strict();
export type PitchforkParams = z.infer<typeof PitchforkParams>;

/** x(a) = (cos 2πa): only an action part, so the separable unit gives tanh(θ)·cos 2πa. */
const pitchforkFeatures = actionOnlyFeatures(1, (a, out, offset) => {
  out[offset] = Math.cos(TWO_PI * a[0]);
});

/**
 * Benchmark B5 (docs/math.md §7), non-uniqueness for small σ: one state, A = torus with μ uniform,
 * γ = 0, r(a) = cos 4πa, features x(a) = (cos 2πa). With the separable unit
 * φ(θ, x) = tanh(θ)·x the network is f(a) = m cos 2πa, m = ∫ tanh dν, and the value of that policy is
 * F(m) = I2(m)/I0(m) − τ[m I1(m)/I0(m) − log I0(m)] (per step; divide by 1−γ).
 * The symmetric point m = 0 loses stability at σc² = {@link pitchforkCriticalSigmaSquared}.
 */
export class Pitchfork extends OneStateTorusBandit {
  readonly id = 'pitchfork';

  constructor(readonly params: PitchforkParams = PitchforkParams.parse({})) {
    super(params.gamma, pitchforkFeatures);
  }

  reward(_s: ArrayLike<number>, a: ArrayLike<number>): number {
    return Math.cos(2 * TWO_PI * a[0]);
  }
}

/**
 * Gauss–Hermite nodes for E[tanh²(Z)]: tanh² is analytic in the strip |Im z| < π/2, so the
 * n-point rule converges like exp(−c√n): measured errors 6e−12 at 100 nodes, 2e−14 at 140 and
 * ≤ 1e−15 at 150 (see the test).
 */
const HERMITE_NODES = MAX_HERMITE_NODES;

/** E[tanh²(Z)], Z ~ N(0,1) (≈ 0.394), by Gauss–Hermite quadrature. */
export function expectedTanhSquared(): number {
  const rule = gaussHermite(HERMITE_NODES);
  let sum = 0;
  for (let j = 0; j < rule.count; j++) sum += rule.weights[j] * Math.tanh(rule.nodes[j]) ** 2;
  return sum;
}

/**
 * B5's critical noise (docs/math.md §7, prior scale s0 = 1): σc² = 2·E[tanh²(Z)]·(¼ − τ/2), Z ~ N(0,1).
 * Why: near m = 0, F(m) ≈ (m²/2)(¼ − τ/2), and the Gibbs map m ↦ ∫ tanh dΓ(ν) has slope
 * (2/σ²)(¼ − τ/2)E[tanh²Z] at m = 0; the symmetric point is unstable when that slope exceeds 1.
 * A result ≤ 0 (τ ≥ ½) means the symmetric point is stable for every σ.
 */
export function pitchforkCriticalSigmaSquared(tau: number): number {
  if (!(Number.isFinite(tau) && tau > 0)) throw new Error(`pitchforkCriticalSigmaSquared: τ must be finite and > 0, got ${tau}`);
  return 2 * expectedTanhSquared() * (0.25 - tau / 2);
}
