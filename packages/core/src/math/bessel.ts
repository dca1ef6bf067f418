/**
 * Modified Bessel functions of the first kind, I0 and I1, for real arguments.
 *
 * They normalise the von Mises kernel on the torus (density e^{κ cos 2π(x−m)} / I0(κ)) and give
 * the closed forms of benchmarks B1 and B2 (docs/math.md §7: V* = τ log I0(α/τ)/(1−γ), ρ1 = I1/I0).
 *
 * Two regimes, both accurate to a few ulps:
 * - |x| ≤ ASYMPTOTIC_THRESHOLD: the power series I_ν(x) = Σ_k (x/2)^{2k+ν} / (k!(k+ν)!), whose
 *   terms are all positive, so summing them loses no precision (rounding ≈ (number of terms)·eps).
 * - |x| > ASYMPTOTIC_THRESHOLD: the exponentially scaled asymptotic (Hankel) series
 *   e^{−x} I_ν(x) ≈ (2πx)^{−1/2} Σ_k t_k, t_k = t_{k−1}·((2k−1)² − 4ν²)/(8xk), t_0 = 1.
 *   It diverges, but its smallest term (near k ≈ 2x) is ≈ e^{−2x}, and the neglected
 *   exponentially small part is of relative size e^{−2x} too; at x > 25 both are below 1e−21.
 */

/** Above this |x| the asymptotic series is used; its error there is ≈ e^{−2·25} ≈ 2e−22. */
const ASYMPTOTIC_THRESHOLD = 25;
const EPSILON = Number.EPSILON;

/** Σ_{k≥1} (x²/4)^k / (k!)², i.e. I0(x) − 1, summed so that tiny x keep full relative accuracy. */
function besselI0SeriesMinusOne(x: number): number {
  const q = 0.25 * x * x;
  let term = 1;
  let sum = 0;
  for (let k = 1; ; k++) {
    term *= q / (k * k);
    sum += term;
    if (term <= EPSILON * 0.25 * sum) return sum;
  }
}

/** Power series of I1(x) = (x/2) Σ_k (x²/4)^k / (k!(k+1)!), x ≥ 0. */
function besselI1Series(x: number): number {
  const q = 0.25 * x * x;
  let term = 1;
  let sum = 1;
  for (let k = 1; ; k++) {
    term *= q / (k * (k + 1));
    sum += term;
    if (term <= EPSILON * 0.25 * sum) return 0.5 * x * sum;
  }
}

/**
 * Σ_k t_k of the Hankel expansion for order ν with μ = 4ν², x > ASYMPTOTIC_THRESHOLD.
 * For ν ∈ {0, 1} every term after the first has one sign, so no cancellation occurs.
 */
function hankelSum(x: number, mu: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 1; ; k++) {
    const odd = 2 * k - 1;
    const next = (term * (odd * odd - mu)) / (8 * x * k);
    if (Math.abs(next) >= Math.abs(term)) {
      // Cannot happen above the threshold (terms shrink until k ≈ 2x); kept as a guard.
      throw new Error(`bessel: asymptotic series stopped converging at x = ${x}`);
    }
    term = next;
    sum += term;
    if (Math.abs(term) <= EPSILON * 0.25 * Math.abs(sum)) return sum;
  }
}

/** e^{x}/sqrt(2πx) · s without overflowing e^{x} when the product itself is representable. */
function scaleUp(x: number, s: number): number {
  // Math.exp(x) is correctly rounded up to x ≈ 709.78; beyond, fold the 1/sqrt factor into the
  // exponent (costs ≈ x·eps relative, but only where I_ν is within a factor ~100 of overflow).
  if (x < 709) return (Math.exp(x) / Math.sqrt(2 * Math.PI * x)) * s;
  return Math.exp(x - 0.5 * Math.log(2 * Math.PI * x)) * s;
}

/** I0(x), even in x; +∞ once I0(x) exceeds the largest double (|x| ≳ 713). */
export function besselI0(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const ax = Math.abs(x);
  if (ax <= ASYMPTOTIC_THRESHOLD) return 1 + besselI0SeriesMinusOne(ax);
  return scaleUp(ax, hankelSum(ax, 0));
}

/** I1(x), odd in x; ±∞ once |I1(x)| exceeds the largest double. */
export function besselI1(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const ax = Math.abs(x);
  const value = ax <= ASYMPTOTIC_THRESHOLD ? besselI1Series(ax) : scaleUp(ax, hankelSum(ax, 4));
  return x < 0 ? -value : value;
}

/**
 * log I0(x), finite for every finite x (e.g. x = 1e4, where I0 itself overflows).
 * Small x go through log1p of the series minus one, so log I0(x) ≈ x²/4 keeps full relative
 * accuracy as x → 0.
 */
export function logBesselI0(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const ax = Math.abs(x);
  if (ax === Infinity) return Infinity;
  if (ax <= ASYMPTOTIC_THRESHOLD) return Math.log1p(besselI0SeriesMinusOne(ax));
  return ax - 0.5 * Math.log(2 * Math.PI * ax) + Math.log(hankelSum(ax, 0));
}

/**
 * I1(x)/I0(x), the mean resultant length of a von Mises law with concentration x (docs/math.md §7 B2:
 * ρ1 = I1(κP)/I0(κP)); finite for every finite x because the e^{x} factors cancel analytically.
 */
export function besselI1OverI0(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const ax = Math.abs(x);
  const ratio =
    ax <= ASYMPTOTIC_THRESHOLD ? besselI1Series(ax) / (1 + besselI0SeriesMinusOne(ax)) : hankelSum(ax, 4) / hankelSum(ax, 0);
  return x < 0 ? -ratio : ratio;
}
