import { describe, expect, it } from 'vitest';
import type { PointSet } from '../plugin-points/point-set';
import type { Random } from '../plugin-points/random';
import { discretizeEnvironment } from './discretize-environment';
import { GridEvaluator } from './grid-evaluator';
import { SoftBellmanSolver } from './soft-bellman-solver';
import { cosineTorus } from './testing/cosine-torus';

const TWO_PI = 2 * Math.PI;
/** p(s'|s,a) = 1 + 0.6 cos 2π(s' − s − 0.2 sin 2πa), ρ(s) = 1 + 0.5 cos 2πs (see cosine-torus.ts). */
const env = cosineTorus();

/** f(x) = 0.7 x_0 + 0.3 x_1, returned asynchronously as a device backend would. */
const network = {
  calls: 0,
  async forward(points: PointSet, out: Float64Array): Promise<void> {
    this.calls++;
    await Promise.resolve();
    for (let j = 0; j < points.count; j++) out[j] = 0.7 * points.data[2 * j] + 0.3 * points.data[2 * j + 1];
  },
};

describe('GridEvaluator', () => {
  it('evaluates the network on the grid points and returns F and the weight field of SoftBellmanSolver', async () => {
    const tau = 0.25;
    const evaluator = new GridEvaluator(env, { tau, statesPerDim: 12, actionsPerDim: 9 });
    expect(evaluator.name).toBe('grid');
    const evaluation = await evaluator.evaluate(network, {} as Random);
    expect(network.calls).toBe(1);

    // Reference: the same pipeline assembled by hand, logits computed from the definition of f.
    const { mdp, stateNodes, actionNodes } = discretizeEnvironment(env, 12, 9);
    const f = new Float64Array(12 * 9);
    for (let i = 0; i < 12; i++) {
      for (let k = 0; k < 9; k++) {
        const s = stateNodes.nodes[i];
        const a = actionNodes.nodes[k];
        f[i * 9 + k] = 0.7 * Math.cos(TWO_PI * (a - s)) + 0.3 * Math.sin(TWO_PI * s);
      }
    }
    const reference = new SoftBellmanSolver(mdp, tau);
    const value = reference.evaluate(f);
    // Identical arithmetic up to the feature evaluation's last-ulp differences.
    expect(Math.abs(evaluation.value - value)).toBeLessThan(1e-13);
    expect(evaluation.points).toBe(evaluator.discretization.points);
    expect(evaluation.points.count).toBe(108);
    expect(evaluation.weights.length).toBe(108);
    for (let j = 0; j < 108; j++) {
      expect(Math.abs(evaluation.weights[j] - reference.weights[j])).toBeLessThan(1e-13);
      expect(Math.abs(evaluation.logits[j] - f[j])).toBeLessThan(1e-15);
    }
    for (let i = 0; i < 12; i++) expect(Math.abs(evaluation.occupancy[i] - reference.occupancy[i])).toBeLessThan(1e-14);
  });

  it('returns live views of buffers allocated once, overwritten by the next evaluation', async () => {
    const evaluator = new GridEvaluator(env, { tau: 0.5, statesPerDim: 6, actionsPerDim: 6 });
    const first = await evaluator.evaluate(network, {} as Random);
    const second = await evaluator.evaluate(network, {} as Random);
    expect(second.weights).toBe(first.weights);
    expect(second.V).toBe(first.V);
    expect(second.value).toBe(first.value);
  });
});
