import { type Environment, type Random, type Space, UniformTorusMeasure } from '@mfpg/core';
import { torusFeatures, wrapToTorus } from './torus-embedding';
import { VonMises } from './von-mises';

/**
 * What B2 and B3 share (docs/math.md §7): S = A = unit torus, μ and ρ uniform, the torus features
 * x = (cos 2πs, sin 2πs, cos 2πa, sin 2πa), and a von Mises transition of concentration κP around a
 * mean m(s, a) that each benchmark defines, with its reward.
 */
export abstract class VonMisesTorusMdp implements Environment {
  abstract readonly id: string;
  readonly stateSpace: Space = { kind: 'torus', dim: 1 };
  readonly actionSpace: Space = { kind: 'torus', dim: 1 };
  readonly actionMeasure = new UniformTorusMeasure(1);
  readonly featureDim = 4;
  readonly separableFeatures = torusFeatures;
  private readonly kernel: VonMises;

  constructor(
    readonly gamma: number,
    kappaP: number,
  ) {
    this.kernel = new VonMises(kappaP);
  }

  abstract reward(s: ArrayLike<number>, a: ArrayLike<number>): number;

  /** Mean m(s, a) of the next state (not yet wrapped to [0, 1)). */
  protected abstract transitionMean(s: ArrayLike<number>, a: ArrayLike<number>): number;

  features(s: ArrayLike<number>, a: ArrayLike<number>, out: Float64Array, offset: number): void {
    torusFeatures.state(s, out, offset);
    torusFeatures.action(a, out, offset + 2);
  }

  sampleInitialState(rng: Random, out: Float64Array): void {
    out[0] = rng.uniform();
  }

  sampleNextState(s: ArrayLike<number>, a: ArrayLike<number>, rng: Random, out: Float64Array): void {
    out[0] = this.kernel.sample(rng, wrapToTorus(this.transitionMean(s, a)));
  }

  /** ρ uniform on the torus: density 1. */
  initialDensity(): number {
    return 1;
  }

  transitionDensity(s: ArrayLike<number>, a: ArrayLike<number>, next: ArrayLike<number>): number {
    return this.kernel.density(next[0], this.transitionMean(s, a));
  }
}
