import type { Random } from '../plugin-points/random';
import type { Space } from '../plugin-points/space';
import { integrateDensity, momentFunctions } from './density-integral';
import { fmt } from './probe-set';

/**
 * Estimates behind the density checks: ∫ density (quadrature, or importance sampling on euclidean
 * spaces) and the sampler-vs-density moment comparison (docs/math.md §5).
 */

export interface MassEstimate {
  readonly mass: number;
  /** Allowance for the estimate's own error: quadrature refinement gap, or 4 standard errors. */
  readonly error: number;
  readonly method: string;
}

/**
 * ∫ density: by refined quadrature where a grid covers the space; on euclidean spaces by importance
 * sampling from a Gaussian q fitted to the sampler (twice its spread), ∫p = E_q[p/q], with n draws;
 * undefined there when n = 0.
 */
export function densityIntegral(space: Space, density: (s: Float64Array) => number, sample: (out: Float64Array) => void, rng: Random, n: number): MassEstimate | undefined {
  const integral = integrateDensity(space, density);
  if (integral) {
    const method = space.kind === 'finite' ? 'exact sum' : `quadrature, ${integral.nodesPerDim} nodes per dimension`;
    return { mass: integral.mass, error: 2 * integral.error, method };
  }
  if (n === 0) return undefined;
  const weights = importanceWeights(space.dim, density, sample, rng, n);
  const { mean, se } = meanAndError(weights.ratio);
  return { mass: mean, error: 4 * se, method: `importance sampling, ${n} draws, ± ${fmt(4 * se)}` };
}

/** Sampler moments vs density moments (n draws): the largest |z| over the test functions, with its detail. */
export function momentCheck(space: Space, density: (s: Float64Array) => number, sample: (out: Float64Array) => void, rng: Random, n: number): { z: number; detail: string } {
  const h = new Float64Array(2 * space.dim);
  const draw = new Float64Array(space.dim);
  const count = space.kind === 'torus' ? 2 * space.dim : space.dim;
  const values = Array.from({ length: count }, () => new Float64Array(n));
  for (let m = 0; m < n; m++) {
    sample(draw);
    momentFunctions(space, draw, h);
    for (let c = 0; c < count; c++) values[c][m] = h[c];
  }
  const integral = integrateDensity(space, density);
  let worst = { z: -1, detail: '' };
  if (integral) {
    for (let c = 0; c < count; c++) {
      const expected = integral.moments[c] / integral.mass;
      const sd = Math.sqrt(Math.max(0, integral.secondMoments[c] / integral.mass - expected * expected));
      const { mean } = meanAndError(values[c]);
      const z = Math.abs(mean - expected) / Math.max(sd / Math.sqrt(n), 1e-12);
      if (z > worst.z) worst = { z, detail: `moment ${c}: sampler ${fmt(mean)}, density ${fmt(expected)}, |z| = ${z.toFixed(2)}` };
    }
    return worst;
  }
  const weights = importanceWeights(space.dim, density, sample, rng, n);
  const mass = meanAndError(weights.ratio).mean;
  for (let c = 0; c < count; c++) {
    const weighted = new Float64Array(n);
    for (let m = 0; m < n; m++) weighted[m] = (weights.ratio[m] * weights.h[c][m]) / mass;
    const reference = meanAndError(weighted);
    const sampled = meanAndError(values[c]);
    const z = Math.abs(sampled.mean - reference.mean) / Math.max(Math.hypot(sampled.se, reference.se), 1e-12);
    if (z > worst.z) worst = { z, detail: `moment ${c}: sampler ${fmt(sampled.mean)}, density (importance sampling) ${fmt(reference.mean)}, |z| = ${z.toFixed(2)}` };
  }
  return worst;
}

/** p(x)/q(x) and h(x) for x ~ q = N(m, diag (2σ)²), m and σ fitted to n draws of the sampler. */
function importanceWeights(dim: number, density: (s: Float64Array) => number, sample: (out: Float64Array) => void, rng: Random, n: number) {
  const draw = new Float64Array(dim);
  const mean = new Float64Array(dim);
  const square = new Float64Array(dim);
  for (let m = 0; m < n; m++) {
    sample(draw);
    for (let c = 0; c < dim; c++) {
      mean[c] += draw[c] / n;
      square[c] += (draw[c] * draw[c]) / n;
    }
  }
  const scale = Array.from(mean, (m, c) => 2 * Math.sqrt(Math.max(square[c] - m * m, 1e-300)));
  const ratio = new Float64Array(n);
  const h = Array.from({ length: dim }, () => new Float64Array(n));
  for (let m = 0; m < n; m++) {
    let logQ = 0;
    for (let c = 0; c < dim; c++) {
      const z = rng.normal();
      draw[c] = mean[c] + scale[c] * z;
      logQ += -0.5 * z * z - Math.log(scale[c] * Math.sqrt(2 * Math.PI));
      h[c][m] = draw[c];
    }
    ratio[m] = density(draw) / Math.exp(logQ);
  }
  return { ratio, h };
}

function meanAndError(xs: Float64Array): { mean: number; se: number } {
  let mean = 0;
  for (const x of xs) mean += x / xs.length;
  let variance = 0;
  for (const x of xs) variance += (x - mean) ** 2 / (xs.length - 1);
  return { mean, se: Math.sqrt(variance / xs.length) };
}

