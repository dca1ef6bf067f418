import { describe, expect, it } from 'vitest';
import { UniformTorusMeasure } from '../measures/uniform-torus-measure';
import type { Environment } from '../plugin-points/environment';
import { discretizeEnvironment } from './discretize-environment';

const TWO_PI = 2 * Math.PI;
const unused = () => {
  throw new Error('not used by grid evaluation');
};

/**
 * A box-state environment: S = [0,2], A = torus, p(s'|s,a) = c·(1 + 0.5(s'−1)(s−1)cos 2πa)/2,
 * ρ(s) = s/2. The density is affine in s', so Gauss–Legendre integrates it exactly and
 * P[(i,k)→j] must equal w_j p(s_j|s_i,a_k)/c — even for a mis-normalised density (c ≠ 1),
 * which the row renormalisation must absorb.
 */
function boxEnvironment(c: number): Environment {
  return {
    id: 'test-box',
    stateSpace: { kind: 'box', dim: 1, low: [0], high: [2] },
    actionSpace: { kind: 'torus', dim: 1 },
    actionMeasure: new UniformTorusMeasure(1),
    gamma: 0.8,
    featureDim: 3,
    features(s, a, out, offset) {
      out[offset] = s[0];
      out[offset + 1] = Math.cos(TWO_PI * a[0]);
      out[offset + 2] = Math.sin(TWO_PI * a[0]);
    },
    separableFeatures: {
      stateDim: 1,
      actionDim: 2,
      state(s, out, offset) {
        out[offset] = s[0];
      },
      action(a, out, offset) {
        out[offset] = Math.cos(TWO_PI * a[0]);
        out[offset + 1] = Math.sin(TWO_PI * a[0]);
      },
    },
    reward: (s, a) => s[0] * Math.cos(TWO_PI * a[0]),
    sampleInitialState: unused,
    sampleNextState: unused,
    initialDensity: (s) => s[0] / 2,
    transitionDensity: (s, a, next) => (c * (1 + 0.5 * (next[0] - 1) * (s[0] - 1) * Math.cos(TWO_PI * a[0]))) / 2,
  };
}

describe('discretizeEnvironment', () => {
  it('builds P[(i,k)→j] = w_j p(s_j|s_i,a_k) (renormalised), ρ_j ∝ w_j ρ(s_j), and r on the grid', () => {
    for (const c of [1, 3.7]) {
      const env = boxEnvironment(c);
      const { mdp, stateNodes, actionNodes } = discretizeEnvironment(env, 5, 4);
      expect(mdp.stateCount).toBe(5);
      expect(mdp.actionCount).toBe(4);
      expect(mdp.gamma).toBe(0.8);
      expect([...mdp.actionWeights]).toEqual([0.25, 0.25, 0.25, 0.25]);
      for (let i = 0; i < 5; i++) {
        for (let k = 0; k < 4; k++) {
          const row = (i * 4 + k) * 5;
          let sum = 0;
          for (let j = 0; j < 5; j++) {
            sum += mdp.transition[row + j];
            const expected = (stateNodes.weights[j] * env.transitionDensity!([stateNodes.nodes[i]], [actionNodes.nodes[k]], [stateNodes.nodes[j]])) / c;
            // Gauss–Legendre is exact for the affine density: the only error is rounding.
            expect(Math.abs(mdp.transition[row + j] - expected)).toBeLessThan(1e-15);
          }
          expect(Math.abs(sum - 1)).toBeLessThan(4 * Number.EPSILON);
          expect(mdp.reward[i * 4 + k]).toBe(env.reward([stateNodes.nodes[i]], [actionNodes.nodes[k]]));
        }
        // ∫_0^2 s/2 ds = 1 exactly by Gauss–Legendre, so no renormalisation shows.
        expect(Math.abs(mdp.initial[i] - (stateNodes.weights[i] * stateNodes.nodes[i]) / 2)).toBeLessThan(1e-15);
      }
    }
  });

  it('lays points out as j = i·K + k with features x(s_i, a_k) and a consistent product structure', () => {
    const env = boxEnvironment(1);
    const { points, stateNodes, actionNodes } = discretizeEnvironment(env, 3, 5);
    expect(points.count).toBe(15);
    expect(points.dim).toBe(3);
    const product = points.product!;
    expect(product.outerCount).toBe(3);
    expect(product.innerCount).toBe(5);
    for (let i = 0; i < 3; i++) {
      for (let k = 0; k < 5; k++) {
        const x = new Float64Array(3);
        env.features([stateNodes.nodes[i]], [actionNodes.nodes[k]], x, 0);
        const j = i * 5 + k;
        expect([...points.data.subarray(3 * j, 3 * j + 3)]).toEqual([...x]);
        expect([product.outer[i], product.inner[2 * k], product.inner[2 * k + 1]]).toEqual([...x]);
      }
    }
  });

  it('handles finite state spaces with counting weights', () => {
    const P = [
      [0.5, 0.5, 0],
      [0, 0.25, 0.75],
      [1, 0, 0],
    ];
    const env: Environment = {
      ...boxEnvironment(1),
      id: 'test-finite',
      stateSpace: { kind: 'finite', dim: 1, size: 3 },
      separableFeatures: undefined,
      initialDensity: (s) => [0.2, 0.3, 0.5][s[0]],
      // The action is ignored: each action row equals the state's row.
      transitionDensity: (s, _a, next) => P[s[0]][next[0]],
    };
    const { mdp, points } = discretizeEnvironment(env, 99, 2);
    // No separableFeatures declared, but x = [s, ψ_A(a)] splits exactly: the product is inferred.
    expect(points.product).toMatchObject({ outerCount: 3, outerDim: 1, innerCount: 2, innerDim: 2 });
    expect([...mdp.initial]).toEqual([0.2, 0.3, 0.5]);
    for (let i = 0; i < 3; i++) {
      for (let k = 0; k < 2; k++) expect([...mdp.transition.subarray((i * 2 + k) * 3, (i * 2 + k + 1) * 3)]).toEqual(P[i]);
    }
  });

  it('names the environment and the missing density when grid evaluation is impossible', () => {
    const noTransition = { ...boxEnvironment(1), transitionDensity: undefined };
    expect(() => discretizeEnvironment(noTransition, 4, 4)).toThrow(/environment 'test-box': .*has no transitionDensity\(\)/);
    const noInitial = { ...boxEnvironment(1), initialDensity: undefined };
    expect(() => discretizeEnvironment(noInitial, 4, 4)).toThrow(/environment 'test-box': .*has no initialDensity\(\)/);
    const nowhere = { ...boxEnvironment(1), initialDensity: () => 0 };
    expect(() => discretizeEnvironment(nowhere, 4, 4)).toThrow(/'test-box'.*ρ has no mass/);
    const negative = { ...boxEnvironment(1), transitionDensity: () => -1 };
    expect(() => discretizeEnvironment(negative, 4, 4)).toThrow(/'test-box'.*transitionDensity returned -1/);
    const unbounded = { ...boxEnvironment(1), stateSpace: { kind: 'euclidean', dim: 1 } as const };
    expect(() => discretizeEnvironment(unbounded, 4, 4)).toThrow(/bounded state space/);
  });

  it('rejects separable features that disagree with features()', () => {
    const base = boxEnvironment(1);
    const wrong: Environment = {
      ...base,
      separableFeatures: {
        ...base.separableFeatures!,
        state(s, out, offset) {
          out[offset] = 2 * s[0];
        },
      },
    };
    expect(() => discretizeEnvironment(wrong, 3, 3)).toThrow(/'test-box'.*separableFeatures disagree/);
    const wrongSize: Environment = { ...base, separableFeatures: { ...base.separableFeatures!, stateDim: 2 } };
    expect(() => discretizeEnvironment(wrongSize, 3, 3)).toThrow(/featureDim is 3/);
  });
});
