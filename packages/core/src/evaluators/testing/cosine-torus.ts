import { UniformTorusMeasure } from '../../measures/uniform-torus-measure';
import type { Environment } from '../../plugin-points/environment';
import type { Random } from '../../plugin-points/random';

const TWO_PI = 2 * Math.PI;

/** Draws from the torus density 1 + c·cos 2π(x − shift) (|c| < 1) by rejection under the bound 1 + |c|. */
export function cosineTorusDraw(rng: Random, c: number, shift: number): number {
  for (;;) {
    const x = rng.uniform();
    if (rng.uniform() * (1 + Math.abs(c)) <= 1 + c * Math.cos(TWO_PI * (x - shift))) return x;
  }
}

/**
 * A test torus MDP with closed-form densities and exact samplers: p(s'|s,a) = 1 + 0.6 cos 2π(s' − s
 * − 0.2 sin 2πa), ρ(s) = 1 + 0.5 cos 2πs, μ uniform, x(s,a) = (cos 2π(a − s), sin 2πs),
 * r(s,a) = cos 2πs + 0.3 sin 2πa, γ = 0.9.
 */
export function cosineTorus(): Environment {
  return {
    id: 'test-torus',
    stateSpace: { kind: 'torus', dim: 1 },
    actionSpace: { kind: 'torus', dim: 1 },
    actionMeasure: new UniformTorusMeasure(1),
    gamma: 0.9,
    featureDim: 2,
    features(s, a, out, offset) {
      out[offset] = Math.cos(TWO_PI * (a[0] - s[0]));
      out[offset + 1] = Math.sin(TWO_PI * s[0]);
    },
    reward: (s, a) => Math.cos(TWO_PI * s[0]) + 0.3 * Math.sin(TWO_PI * a[0]),
    sampleInitialState: (rng, out) => void (out[0] = cosineTorusDraw(rng, 0.5, 0)),
    sampleNextState: (s, a, rng, out) => void (out[0] = cosineTorusDraw(rng, 0.6, s[0] + 0.2 * Math.sin(TWO_PI * a[0])) % 1),
    initialDensity: (s) => 1 + 0.5 * Math.cos(TWO_PI * s[0]),
    transitionDensity: (s, a, next) => 1 + 0.6 * Math.cos(TWO_PI * (next[0] - s[0] - 0.2 * Math.sin(TWO_PI * a[0]))),
  };
}
