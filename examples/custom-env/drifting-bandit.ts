/**
 * A complete custom environment, registered by name: a one-state bandit on the torus with reward
 * r(a) = sin 2πa. Its soft optimum is V* = τ log I0(1/τ)/(1−γ) (docs/math.md §7, B1 with α = 1, a0 = 1/4).
 *
 * Use it from code: createFlow({ env: { name: 'drifting-bandit' } }, { modules: [driftingBanditModule] });
 * from the CLI under a TypeScript loader (test/user-plugins.test.ts):
 *   node --import tsx packages/mfpg/src/cli/bin.ts run --plugin examples/custom-env/drifting-bandit.ts --set env.name=drifting-bandit
 * or compile it to JavaScript first (docs/plugins.md). Check it with `mfpg check-env drifting-bandit --plugin …`.
 */
import { bindPlugin, type Environment, type Random, UniformTorusMeasure } from 'mfpg';
import { ContainerModule } from 'inversify';

const TWO_PI = 2 * Math.PI;

export class DriftingBandit implements Environment {
  readonly id = 'drifting-bandit';
  readonly stateSpace = { kind: 'finite', dim: 1, size: 1 } as const;
  readonly actionSpace = { kind: 'torus', dim: 1 } as const;
  readonly actionMeasure = new UniformTorusMeasure(1);
  readonly gamma = 0.5;
  readonly featureDim = 2;

  features(_s: ArrayLike<number>, a: ArrayLike<number>, out: Float64Array, offset: number): void {
    out[offset] = Math.cos(TWO_PI * a[0]);
    out[offset + 1] = Math.sin(TWO_PI * a[0]);
  }

  reward(_s: ArrayLike<number>, a: ArrayLike<number>): number {
    return Math.sin(TWO_PI * a[0]);
  }

  sampleInitialState(_rng: Random, out: Float64Array): void {
    out[0] = 0;
  }

  sampleNextState(_s: ArrayLike<number>, _a: ArrayLike<number>, _rng: Random, out: Float64Array): void {
    out[0] = 0;
  }

  initialDensity(): number {
    return 1;
  }

  transitionDensity(): number {
    return 1;
  }
}

export const driftingBanditModule = new ContainerModule((options) => {
  bindPlugin(
    options,
    { point: 'environment', name: 'drifting-bandit', description: 'one-state bandit on the torus, r(a) = sin 2πa' },
    { useFactory: () => new DriftingBandit() },
  );
});
