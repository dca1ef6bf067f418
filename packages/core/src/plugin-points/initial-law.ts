import type { Random } from './random';

export const InitialLaw = Symbol.for('mfpg.InitialLaw');

/** The initial law ν_0 of the particles. */
export interface InitialLaw {
  readonly name: string;
  /** Fills theta (N×d, row-major) with N independent draws from ν_0. */
  sample(rng: Random, theta: Float64Array, particleCount: number, dim: number): void;
}
