import type { QuadratureRule } from '../plugin-points/quadrature-rule';

/**
 * One-dimensional quadrature rules and their tensor products (docs/math.md §5: periodic trapezoid on
 * tori, Gauss–Legendre on intervals, Gauss–Hermite for Gaussian μ).
 */

const MAX_NEWTON_STEPS = 100;

/** Largest Gauss–Hermite rule whose roots the Newton iteration is verified to resolve (tested). */
export const MAX_HERMITE_NODES = 150;

function assertNodeCount(n: number, rule: string): void {
  if (!Number.isInteger(n) || n < 1) throw new Error(`${rule}: node count must be a positive integer, got ${n}`);
}

/**
 * The periodic trapezoid rule on the unit torus [0,1): nodes j/n, weights 1/n. Exact for the
 * trigonometric polynomials e^{2πimx} with |m| < n; spectrally accurate for smooth periodic h.
 */
export function periodicTrapezoid(n: number): QuadratureRule {
  assertNodeCount(n, 'periodicTrapezoid');
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n).fill(1 / n);
  for (let j = 0; j < n; j++) nodes[j] = j / n;
  return { count: n, dim: 1, nodes, weights };
}

/**
 * Evaluates the Legendre polynomial P_n and its derivative at x ∈ (−1,1) by the three-term
 * recurrence (k+1)P_{k+1} = (2k+1)x P_k − k P_{k−1}; P_n′ = n(x P_n − P_{n−1})/(x² − 1).
 * Writes [P_n(x), P_n′(x)] into out.
 */
function legendre(n: number, x: number, out: Float64Array): void {
  let previous = 1;
  let current = x;
  for (let k = 1; k < n; k++) {
    const next = ((2 * k + 1) * x * current - k * previous) / (k + 1);
    previous = current;
    current = next;
  }
  out[0] = current;
  out[1] = (n * (x * current - previous)) / (x * x - 1);
}

/**
 * n-point Gauss–Legendre rule for Lebesgue measure on [low, high]: nodes ascending, weights sum
 * to high − low, exact for polynomials of degree ≤ 2n − 1. Nodes are the roots of P_n found by
 * Newton's method from Tricomi's estimate cos(π(i + 3/4)/(n + 1/2)); weights
 * 2/((1 − x²) P_n′(x)²) on [−1,1].
 */
export function gaussLegendre(n: number, low: number, high: number): QuadratureRule {
  assertNodeCount(n, 'gaussLegendre');
  if (!(Number.isFinite(low) && Number.isFinite(high) && high > low)) {
    throw new Error(`gaussLegendre: need finite low < high, got [${low}, ${high}]`);
  }
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  const halfWidth = 0.5 * (high - low);
  const centre = 0.5 * (high + low);
  const value = new Float64Array(2);
  // Roots are symmetric: find the ⌈n/2⌉ non-negative ones and mirror them.
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    for (let step = 0; step < MAX_NEWTON_STEPS; step++) {
      legendre(n, x, value);
      const dx = value[0] / value[1];
      x -= dx;
      if (Math.abs(dx) <= 2 * Number.EPSILON) break;
    }
    // Odd n: the middle root is exactly 0 by symmetry.
    if (2 * i + 1 === n) x = 0;
    legendre(n, x, value);
    const w = 2 / ((1 - x * x) * value[1] * value[1]);
    nodes[i] = centre - halfWidth * x;
    nodes[n - 1 - i] = centre + halfWidth * x;
    weights[i] = halfWidth * w;
    weights[n - 1 - i] = halfWidth * w;
  }
  return { count: n, dim: 1, nodes, weights };
}

/**
 * The orthonormal Hermite functions ψ_k(x) = p_k(x)·e^{−x²/2} (p_k orthonormal for e^{−x²}) by
 * their three-term recurrence: out[0] = ψ_n(x), out[1] = √(2n)·ψ_{n−1}(x) = p_n′(x)·e^{−x²/2}.
 * Carrying e^{−x²/2} keeps every term bounded; the unscaled p_k overflow beyond n ≈ 198.
 */
function hermite(n: number, x: number, out: Float64Array): void {
  let previous = 0;
  let current = Math.PI ** -0.25 * Math.exp(-0.5 * x * x);
  for (let k = 1; k <= n; k++) {
    const next = x * Math.sqrt(2 / k) * current - Math.sqrt((k - 1) / k) * previous;
    previous = current;
    current = next;
  }
  out[0] = current;
  out[1] = Math.sqrt(2 * n) * previous;
}

/**
 * n-point Gauss–Hermite rule for the standard normal N(0,1) (probabilists' convention): nodes
 * ascending, weights sum to 1, exact for E[Z^m] with m ≤ 2n − 1.
 *
 * Computed in the physicists' weight e^{−x²} (roots x_i, weights 2/p_n′(x_i)²) by Newton's method
 * on the scaled Hermite functions (stable for n in the hundreds), from the classical asymptotic
 * initial guesses (largest roots first), then mapped by
 * z = √2·x, w ← w/√π.
 */
export function gaussHermite(n: number): QuadratureRule {
  assertNodeCount(n, 'gaussHermite');
  if (n > MAX_HERMITE_NODES) {
    throw new RangeError(
      `gaussHermite: at most ${MAX_HERMITE_NODES} nodes are supported (given ${n}); beyond that the root iteration is not reliable, ` +
        'and 150 nodes already integrate polynomials of degree 299 exactly',
    );
  }
  const roots = new Float64Array(n);
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  const value = new Float64Array(2);
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    let x: number;
    if (i === 0) x = Math.sqrt(2 * n + 1) - 1.85575 * (2 * n + 1) ** (-1 / 6);
    else if (i === 1) x = roots[0] - (1.14 * n ** 0.426) / roots[0];
    else if (i === 2) x = 1.86 * roots[1] - 0.86 * roots[0];
    else if (i === 3) x = 1.91 * roots[2] - 0.91 * roots[1];
    else x = 2 * roots[i - 1] - roots[i - 2];
    for (let step = 0; step < MAX_NEWTON_STEPS; step++) {
      hermite(n, x, value);
      // Newton on p_n(x)/Π_j (x − r_j), deflating the roots already found: without it the
      // extrapolated guesses fall back onto the largest root for n ≳ 199.
      let deflation = 0;
      for (let j = 0; j < i; j++) deflation += 1 / (x - roots[j]);
      const dx = value[0] / (value[1] - value[0] * deflation);
      x -= dx;
      if (Math.abs(dx) <= 2 * Number.EPSILON * Math.max(1, Math.abs(x))) break;
    }
    if (2 * i + 1 === n) x = 0;
    hermite(n, x, value);
    roots[i] = x;
    // w = 2/p_n′(x)² = 2·e^{−x²}/out[1]², formed in logs (it underflows only where it is < 1e−308).
    const w = (2 * Math.exp(-x * x - 2 * Math.log(Math.abs(value[1])))) / Math.sqrt(Math.PI);
    // Mirror before writing the positive root so an odd n's middle node ends up +0, not −0.
    nodes[i] = -Math.SQRT2 * x;
    nodes[n - 1 - i] = Math.SQRT2 * x;
    weights[i] = w;
    weights[n - 1 - i] = w;
  }
  return { count: n, dim: 1, nodes, weights };
}

/**
 * The tensor product of rules: count = Π count_r, dim = Σ dim_r, weights multiply. Nodes are
 * row-major with the last rule's coordinate varying fastest: point j = (…(j_0·n_1 + j_1)·n_2 …)
 * has coordinates [nodes_0[j_0], nodes_1[j_1], …].
 */
export function tensorProduct(rules: readonly QuadratureRule[]): QuadratureRule {
  if (rules.length === 0) throw new Error('tensorProduct: need at least one rule');
  let count = 1;
  let dim = 0;
  for (const rule of rules) {
    count *= rule.count;
    dim += rule.dim;
  }
  const nodes = new Float64Array(count * dim);
  const weights = new Float64Array(count);
  for (let j = 0; j < count; j++) {
    // Decode j into per-rule indices from the last (fastest) rule backwards.
    let rest = j;
    let weight = 1;
    let offset = dim;
    for (let r = rules.length - 1; r >= 0; r--) {
      const rule = rules[r];
      const index = rest % rule.count;
      rest = (rest - index) / rule.count;
      weight *= rule.weights[index];
      offset -= rule.dim;
      for (let c = 0; c < rule.dim; c++) nodes[j * dim + offset + c] = rule.nodes[index * rule.dim + c];
    }
    weights[j] = weight;
  }
  return { count, dim, nodes, weights };
}
