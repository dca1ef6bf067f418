import { LinearUnit, SeparableUnit, type PointSet, type Unit } from '@mfpg/core';
import { describe, expect, it } from 'vitest';
import { CpuKernelRegistry } from '../kernel-registry';
import { registerAllKernels } from '../register-all-kernels';
import { EPS, randomPoints, randomProductPoints, uniformStream } from '../testing/kernel-reference';
import { genericDriftConfig, genericForwardConfig } from './generic';
import { linearDriftConfig } from './linear-drift';
import { linearForwardConfig } from './linear-forward';
import { separableDriftConfig } from './separable-drift';
import { separableForwardConfig } from './separable-forward';

/** |entry| of φ's terms for the round-off bounds: |θ_k| (linear) or |tanh θ_k| (separable). */
const termScale = (unit: Unit, t: number) => (unit.kind === 'linear' ? Math.abs(t) : Math.abs(Math.tanh(t)));

const cases = [
  { unit: new LinearUnit(), forward: linearForwardConfig, drift: linearDriftConfig },
  { unit: new SeparableUnit(), forward: separableForwardConfig, drift: separableDriftConfig },
] as const;

const shapes: readonly { label: string; particles: number; points: (next: () => number) => PointSet }[] = [
  { label: 'N=37, M=50, p=4', particles: 37, points: (next) => randomPoints(next, 50, 4) },
  { label: 'N=3, M=20, p=1', particles: 3, points: (next) => randomPoints(next, 20, 1) },
  { label: 'N=1, 6×4 product grid, p=2+2', particles: 1, points: (next) => randomProductPoints(next, 6, 2, 4, 2) },
];

describe.each(cases)('$forward.name / $drift.name', ({ unit, forward, drift }) => {
  it('is what the registry resolves for its unit kind', () => {
    const registry = registerAllKernels(new CpuKernelRegistry());
    expect(registry.resolve('forward', 'general', unit)).toBe(forward);
    expect(registry.resolve('drift', 'general', unit)).toBe(drift);
  });

  describe.each([1, 40])('θ entries on ±%s', (scale) => {
    it.each(shapes)('matches the generic kernels within round-off: $label', ({ particles: n, points: makePoints }) => {
      const next = uniformStream(11 + n + scale);
      const points = makePoints(next);
      const d = points.dim;
      const theta = Float64Array.from({ length: n * d }, () => scale * (2 * next() - 1));
      const weights = Float64Array.from({ length: points.count }, () => 2 * next() - 1);
      const setup = { unit, particleCount: n, parameterDim: d };

      const f = new Float64Array(points.count + 2).fill(7);
      const fGeneric = new Float64Array(points.count);
      forward.compile(setup)(theta, points, f);
      genericForwardConfig.compile(setup)(theta, points, fGeneric);
      expect(f.subarray(points.count)).toEqual(new Float64Array([7, 7]));
      // Both sum the same N·p terms |θ_ik x_jk|/N in different orders (plus the 1/N scaling and
      // tanh's own rounding): each within (N + p + 4)ε·S_j, S_j = Σ_{i,k} |term|/N.
      for (let j = 0; j < points.count; j++) {
        let sj = 0;
        for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) sj += termScale(unit, theta[i * d + k]) * Math.abs(points.data[j * d + k]);
        sj /= n;
        expect(Math.abs(f[j] - fGeneric[j]), `f(x_${j})`).toBeLessThanOrEqual(2 * (n + d + 4) * EPS * sj);
      }

      const g = new Float64Array(n * d).fill(7);
      const gGeneric = new Float64Array(n * d);
      drift.compile(setup)(theta, points, weights, g);
      genericDriftConfig.compile(setup)(theta, points, weights, gGeneric);
      // Both sum M terms W_j·(∂φ/∂θ_k)·x_jk; the kernel factors sech²(θ_ik) out of the sum:
      // each within (M + 3)ε·Σ_j |W_j ∂_k φ|.
      for (let i = 0; i < n; i++) {
        for (let k = 0; k < d; k++) {
          const slope = unit.kind === 'linear' ? 1 : sech2(theta[i * d + k]);
          let bound = 0;
          for (let j = 0; j < points.count; j++) bound += Math.abs(weights[j] * slope * points.data[j * d + k]);
          expect(Math.abs(g[i * d + k] - gGeneric[i * d + k]), `∂θ_${i},${k}`).toBeLessThanOrEqual(2 * (points.count + 3) * EPS * bound);
        }
      }
    });
  });

  it('leaves another unit that reuses the kind name to the generic kernels', () => {
    const registry = registerAllKernels(new CpuKernelRegistry());
    const impostor: Unit = { kind: unit.kind, parameterDim: (p) => p + 1, value: () => 0, addGradient: () => undefined };
    expect(registry.resolve('forward', 'general', impostor)).toBe(genericForwardConfig);
    expect(registry.resolve('drift', 'general', impostor)).toBe(genericDriftConfig);
  });

  it('rejects points whose feature length differs from d', () => {
    const setup = { unit, particleCount: 2, parameterDim: 3 };
    const points = randomPoints(uniformStream(1), 4, 2);
    expect(() => forward.compile(setup)(new Float64Array(6), points, new Float64Array(4))).toThrow(/d = 3/);
    expect(() => drift.compile(setup)(new Float64Array(6), points, new Float64Array(4), new Float64Array(6))).toThrow(/d = 3/);
  });
});

/** sech² t through e^{−2|t|}, accurate in the tails. */
function sech2(t: number): number {
  const e = Math.exp(-2 * Math.abs(t));
  return (4 * e) / ((1 + e) * (1 + e));
}
