import { stateQuadrature } from '../measures/state-quadrature';
import type { Space } from '../plugin-points/space';

/** ∫ density and ∫ h·density over a state space, with an error estimate from grid refinement. */
export interface DensityIntegral {
  /** ∫ p ds on the finest grid (exact on finite spaces). */
  readonly mass: number;
  /** ∫ h_c p ds for each test function h_c (see {@link momentFunctions}). */
  readonly moments: Float64Array;
  /** ∫ h_c² p ds. */
  readonly secondMoments: Float64Array;
  /** |I_n − I_{2n}| of the mass between the two finest grids (0 on finite spaces). */
  readonly error: number;
  /** Nodes per dimension of the finest grid. */
  readonly nodesPerDim: number;
}

/** Grids refine n = 32, 64, … while the total node count stays below this. */
const MAX_NODES = 1 << 15;

/**
 * Test functions whose expectations identify a law well enough for moment checks: on tori
 * (cos 2πs_c, sin 2πs_c) — coordinates wrap, so only circular moments are meaningful — otherwise
 * the coordinates s_c. Returns how many there are and writes them into out.
 */
export function momentFunctions(space: Space, s: ArrayLike<number>, out: Float64Array): number {
  if (space.kind === 'torus') {
    for (let c = 0; c < space.dim; c++) {
      out[2 * c] = Math.cos(2 * Math.PI * s[c]);
      out[2 * c + 1] = Math.sin(2 * Math.PI * s[c]);
    }
    return 2 * space.dim;
  }
  for (let c = 0; c < space.dim; c++) out[c] = s[c];
  return space.dim;
}

/**
 * Integrates a density (w.r.t. Lebesgue on tori and boxes, counting measure on finite spaces) by
 * the state quadrature of docs/math.md §5, doubling the nodes per dimension until successive masses
 * agree to 1e-9 or the grid would exceed 2^15 nodes. Returns undefined on euclidean spaces (no
 * grid covers them) and on boxes/tori of dimension > 3 (too costly for a check).
 */
export function integrateDensity(space: Space, density: (s: Float64Array) => number): DensityIntegral | undefined {
  if (space.kind === 'euclidean' || space.dim > 3) return undefined;
  const momentCount = space.kind === 'torus' ? 2 * space.dim : space.dim;
  const h = new Float64Array(momentCount);
  const integrate = (nodesPerDim: number) => {
    const rule = stateQuadrature(space, nodesPerDim);
    const moments = new Float64Array(momentCount);
    const secondMoments = new Float64Array(momentCount);
    let mass = 0;
    for (let j = 0; j < rule.count; j++) {
      const s = rule.nodes.subarray(j * rule.dim, (j + 1) * rule.dim);
      const w = rule.weights[j] * density(s);
      mass += w;
      momentFunctions(space, s, h);
      for (let c = 0; c < momentCount; c++) {
        moments[c] += w * h[c];
        secondMoments[c] += w * h[c] * h[c];
      }
    }
    return { mass, moments, secondMoments };
  };
  if (space.kind === 'finite') return { ...integrate(1), error: 0, nodesPerDim: space.size };
  let n = 32;
  let coarse = integrate(n);
  for (;;) {
    const fine = integrate(2 * n);
    const error = Math.abs(fine.mass - coarse.mass);
    n *= 2;
    if (error <= 1e-9 || (2 * n) ** space.dim > MAX_NODES) return { ...fine, error, nodesPerDim: n };
    coarse = fine;
  }
}
