import type { NeuronUnit, PointSet, Unit } from '@mfpg/core';
import { RowViews } from '../row-views';
import { particleMeans } from './particle-means';
import { roundOffTolerances } from './round-off-tolerance';

/**
 * Test support for the CPU kernels: reproducible random inputs and the naive double loops over
 * Unit.value/addGradient that every kernel must reproduce, with error bounds derived from round-off.
 */

/** Unit round-off of float64. */
export const EPS = 2 ** -53;

/** A reproducible uniform stream on [0, 1) (mulberry32), so a failure names a replayable seed. */
export function uniformStream(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** Scales of a random neuron θ = (c, w, b): each entry uniform on ±scale. */
export interface ThetaScales {
  readonly c: number;
  readonly w: number;
  readonly b: number;
}

/** N×(p + 2) row-major neuron particles with uniform entries on ±scales. */
export function randomNeuronTheta(next: () => number, count: number, p: number, scales: ThetaScales): Float64Array {
  const d = p + 2;
  const theta = new Float64Array(count * d);
  for (let i = 0; i < count; i++) {
    theta[i * d] = scales.c * (2 * next() - 1);
    for (let k = 0; k < p; k++) theta[i * d + 1 + k] = scales.w * (2 * next() - 1);
    theta[i * d + p + 1] = scales.b * (2 * next() - 1);
  }
  return theta;
}

/** M points uniform on [−1, 1]^p, without product structure. */
export function randomPoints(next: () => number, count: number, dim: number): PointSet {
  return { count, dim, data: Float64Array.from({ length: count * dim }, () => 2 * next() - 1) };
}

/** A product point set from its factors; `data` holds x_{o·I+i} = [outer_o, inner_i] too. */
export function productPoints(
  outerCount: number,
  outerDim: number,
  outer: Float64Array,
  innerCount: number,
  innerDim: number,
  inner: Float64Array,
): PointSet {
  const dim = outerDim + innerDim;
  const count = outerCount * innerCount;
  const data = new Float64Array(count * dim);
  for (let o = 0; o < outerCount; o++) {
    for (let i = 0; i < innerCount; i++) {
      const row = (o * innerCount + i) * dim;
      data.set(outer.subarray(o * outerDim, (o + 1) * outerDim), row);
      data.set(inner.subarray(i * innerDim, (i + 1) * innerDim), row + outerDim);
    }
  }
  return { count, dim, data, product: { outerCount, outerDim, outer, innerCount, innerDim, inner } };
}

/** A product grid with random factors uniform on [−1, 1]. */
export function randomProductPoints(
  next: () => number,
  outerCount: number,
  outerDim: number,
  innerCount: number,
  innerDim: number,
): PointSet {
  const outer = Float64Array.from({ length: outerCount * outerDim }, () => 2 * next() - 1);
  const inner = Float64Array.from({ length: innerCount * innerDim }, () => 2 * next() - 1);
  return productPoints(outerCount, outerDim, outer, innerCount, innerDim, inner);
}

/** The torus grid of docs/math.md B3: x = (cos 2πs, sin 2πs, cos 2πa, sin 2πa) on n × m nodes. */
export function torusProductPoints(stateCount: number, actionCount: number): PointSet {
  const circle = (n: number) =>
    Float64Array.from({ length: 2 * n }, (_, k) => {
      const angle = (2 * Math.PI * Math.floor(k / 2)) / n;
      return k % 2 === 0 ? Math.cos(angle) : Math.sin(angle);
    });
  return productPoints(stateCount, 2, circle(stateCount), actionCount, 2, circle(actionCount));
}

/** The naive forward: f(x_j) = (1/N) Σ_i unit.value(θ_i, x_j). */
export function naiveForward(unit: Unit, theta: Float64Array, count: number, points: PointSet): Float64Array {
  const views = new RowViews();
  const particles = views.of(theta, count, theta.length / count);
  const xs = views.of(points.data, points.count, points.dim);
  return particleMeans(count, points.count, (i, j) => unit.value(particles[i], xs[j]));
}

/** The naive drift: out_i = Σ_j W_j ∇_θ φ(θ_i, x_j) by unit.addGradient. */
export function naiveDrift(
  unit: Unit,
  theta: Float64Array,
  count: number,
  points: PointSet,
  weights: Float64Array,
): Float64Array {
  const d = theta.length / count;
  const out = new Float64Array(theta.length);
  for (let i = 0; i < count; i++) {
    const particle = theta.subarray(i * d, (i + 1) * d);
    for (let j = 0; j < points.count; j++) {
      unit.addGradient(particle, points.data.subarray(j * points.dim, (j + 1) * points.dim), weights[j], out, i * d);
    }
  }
  return out;
}

/**
 * Bounds on |kernel − naive| of the forward (point by point) and of the drift (component by
 * component) for a neuron with |ϱ'|, |ϱ''| ≤ 1: the float64 kernels' model (round-off-tolerance.ts),
 * Z per particle, the maximum over the points. The error allowances, in units of EPS, of one
 * activation evaluation in the fastest kernels against the activation's own methods at the same z
 * — 8 for values (absolute, relative to 1 + |ϱ|, for softplus), 32 for derivatives (relative to
 * sup|ϱ'| ≤ 1) — are derived in the product-grid kernels' doc comments and, for the general-point
 * logistic kernels' vectorised exponential (≤ 6 and ≤ 10 there), in assembly/logistic-general.ts
 * and docs/performance.md.
 */
export const { forward: forwardTolerance, drift: driftTolerance } = roundOffTolerances({
  eps: EPS,
  valueUlps: 8,
  slopeUlps: 32,
  zScale: 'particle',
  weightRoundings: 0,
});

/** The largest |actual − expected| / tolerance over all entries (≤ 1 passes; NaN fails). */
function worstRatio(actual: Float64Array, expected: Float64Array, tolerance: Float64Array): number {
  let worst = 0;
  for (let j = 0; j < expected.length; j++) {
    const error = Math.abs(actual[j] - expected[j]);
    worst = Math.max(worst, error === 0 ? 0 : error / tolerance[j]);
  }
  return worst;
}

/** max_j |f[j] − naive f(x_j)| / forwardTolerance_j for a kernel's forward output f. */
export function forwardErrorRatio(
  unit: NeuronUnit,
  theta: Float64Array,
  count: number,
  points: PointSet,
  f: Float64Array,
): number {
  const expected = naiveForward(unit, theta, count, points);
  return worstRatio(f.subarray(0, points.count), expected, forwardTolerance(unit, theta, count, points));
}

/** max over entries of |g − naive drift| / driftTolerance for a kernel's drift output g. */
export function driftErrorRatio(
  unit: NeuronUnit,
  theta: Float64Array,
  count: number,
  points: PointSet,
  weights: Float64Array,
  g: Float64Array,
): number {
  const expected = naiveDrift(unit, theta, count, points, weights);
  return worstRatio(g, expected, driftTolerance(unit, theta, count, points, weights));
}
