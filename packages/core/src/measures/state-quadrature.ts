import { gaussLegendre, periodicTrapezoid, tensorProduct } from '../math/quadrature';
import type { QuadratureRule } from '../plugin-points/quadrature-rule';
import type { Space } from '../plugin-points/space';

/**
 * State nodes s_j and weights w_j for grid evaluation (docs/math.md §5): a quadrature for the measure
 * that the environment's densities (ρ and P(·|s,a)) are taken against, i.e. Lebesgue on tori and
 * boxes, counting measure on finite spaces, so ∫ h(s) ds ≈ Σ_j w_j h(s_j).
 * - torus: the periodic trapezoid grid (weights n^{−dim}, summing to the torus volume 1);
 * - box: tensor Gauss–Legendre on [low_c, high_c] (weights sum to the box volume);
 * - finite: every point 0, …, size−1 with weight 1 (`nodesPerDim` is ignored);
 * - euclidean: unsupported — a grid cannot cover an unbounded space.
 */
export function stateQuadrature(space: Space, nodesPerDim: number): QuadratureRule {
  switch (space.kind) {
    case 'torus':
      return tensorProduct(Array.from({ length: space.dim }, () => periodicTrapezoid(nodesPerDim)));
    case 'box':
      return tensorProduct(space.low.map((low, c) => gaussLegendre(nodesPerDim, low, space.high[c])));
    case 'finite': {
      const nodes = new Float64Array(space.size);
      for (let j = 0; j < space.size; j++) nodes[j] = j;
      return { count: space.size, dim: 1, nodes, weights: new Float64Array(space.size).fill(1) };
    }
    case 'euclidean':
      throw new Error(
        `stateQuadrature: grid evaluation needs a bounded state space (torus, box or finite); ` +
          `got euclidean of dimension ${space.dim}`,
      );
  }
}
