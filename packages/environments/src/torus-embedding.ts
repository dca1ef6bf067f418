import type { SeparableFeatures } from '@mfpg/core';
import { TWO_PI } from './two-pi';

/** x mod 1 in [0, 1): a point of the unit circle (docs/math.md §1, tori). */
export function wrapToTorus(x: number): number {
  const wrapped = x - Math.floor(x);
  // x − floor(x) rounds to exactly 1 for tiny negative x (e.g. −1e−17); that point is 0.
  return wrapped < 1 ? wrapped : 0;
}

/**
 * The torus feature embedding of docs/math.md §2 for S = A = [0,1):
 * x(s,a) = (cos 2πs, sin 2πs, cos 2πa, sin 2πa) = [ψ_S(s), ψ_A(a)].
 */
export const torusFeatures: SeparableFeatures = {
  stateDim: 2,
  actionDim: 2,
  state(s: ArrayLike<number>, out: Float64Array, offset: number): void {
    out[offset] = Math.cos(TWO_PI * s[0]);
    out[offset + 1] = Math.sin(TWO_PI * s[0]);
  },
  action(a: ArrayLike<number>, out: Float64Array, offset: number): void {
    out[offset] = Math.cos(TWO_PI * a[0]);
    out[offset + 1] = Math.sin(TWO_PI * a[0]);
  },
};
