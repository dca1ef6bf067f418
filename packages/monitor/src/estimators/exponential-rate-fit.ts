/** Result of {@link fitExponentialRate}. */
export interface ExponentialRateFit {
  /** λ in J_∞ − J(t) ≈ A e^{−λt}, per unit time (> 0: convergence). */
  readonly rate: number;
  /** log A of the fit. */
  readonly logAmplitude: number;
  /** J_∞: as given, or estimated. */
  readonly jInfinity: number;
  /** Number of points with J_∞ − J > minGap used by the log fit. */
  readonly pointsUsed: number;
  /** Root mean square residual of log(J_∞ − J) around the fitted line. */
  readonly logResidual: number;
}

/** Options of {@link fitExponentialRate}. */
export interface ExponentialRateFitOptions {
  /** The limit J_∞ (e.g. the grid optimum); omitted: estimated from the data. */
  readonly jInfinity?: number;
  /**
   * Points with J_∞ − J ≤ minGap are left out of the log fit (their log is dominated by estimator
   * noise, or undefined). Default 0.
   */
  readonly minGap?: number;
}

/**
 * Fits J(t) ≈ J_∞ − A e^{−λt} (docs/math.md §4 item 3) by least squares on log(J_∞ − J(t)) against t.
 *
 * J_∞ unknown: it is first estimated by variable projection — for a fixed λ the model is linear in
 * (J_∞, A), so the residual of that linear least-squares fit is minimised over λ (golden section on
 * log λ over [1e−4, 1e4]/T, T the time span) — and the log fit then uses that J_∞.
 *
 * @param t times, strictly increasing, at least 3 of them.
 * @param j J at those times.
 * @returns NaN fields when fewer than 2 points have a positive gap, or when J_∞ is to be estimated
 *   but the data show no exponential approach (the best λ sits at an end of the bracket).
 */
export function fitExponentialRate(t: ArrayLike<number>, j: ArrayLike<number>, options: ExponentialRateFitOptions = {}): ExponentialRateFit {
  const n = t.length;
  if (j.length !== n) throw new RangeError(`t and j must have the same length, got ${n} and ${j.length}`);
  if (n < 3) throw new RangeError(`an exponential fit needs at least 3 points, got ${n}`);
  for (let k = 1; k < n; k++) if (!(t[k] > t[k - 1])) throw new RangeError(`t must be strictly increasing (t[${k - 1}] = ${t[k - 1]}, t[${k}] = ${t[k]})`);
  const jInfinity = options.jInfinity ?? estimateLimit(t, j);
  const minGap = options.minGap ?? 0;
  let count = 0;
  let sumT = 0;
  let sumY = 0;
  for (let k = 0; k < n; k++) {
    const gap = jInfinity - j[k];
    if (gap > minGap) {
      count++;
      sumT += t[k];
      sumY += Math.log(gap);
    }
  }
  if (count < 2) return { rate: Number.NaN, logAmplitude: Number.NaN, jInfinity, pointsUsed: count, logResidual: Number.NaN };
  const meanT = sumT / count;
  const meanY = sumY / count;
  let stt = 0;
  let sty = 0;
  for (let k = 0; k < n; k++) {
    const gap = jInfinity - j[k];
    if (gap > minGap) {
      stt += (t[k] - meanT) ** 2;
      sty += (t[k] - meanT) * (Math.log(gap) - meanY);
    }
  }
  const slope = sty / stt;
  const intercept = meanY - slope * meanT;
  let residual = 0;
  for (let k = 0; k < n; k++) {
    const gap = jInfinity - j[k];
    if (gap > minGap) residual += (Math.log(gap) - intercept - slope * t[k]) ** 2;
  }
  return { rate: -slope, logAmplitude: intercept, jInfinity, pointsUsed: count, logResidual: Math.sqrt(residual / count) };
}

/** J_∞ of the least-squares fit of J_∞ − A e^{−λt}, by variable projection over λ. */
function estimateLimit(t: ArrayLike<number>, j: ArrayLike<number>): number {
  const span = t[t.length - 1] - t[0];
  const bracketLow = Math.log(1e-4 / span);
  const bracketHigh = Math.log(1e4 / span);
  let low = bracketLow;
  let high = bracketHigh;
  const ratio = (Math.sqrt(5) - 1) / 2;
  let a = high - ratio * (high - low);
  let b = low + ratio * (high - low);
  let fa = linearFit(t, j, Math.exp(a)).residual;
  let fb = linearFit(t, j, Math.exp(b)).residual;
  for (let iteration = 0; iteration < 100 && high - low > 1e-10; iteration++) {
    if (fa < fb) {
      high = b;
      b = a;
      fb = fa;
      a = high - ratio * (high - low);
      fa = linearFit(t, j, Math.exp(a)).residual;
    } else {
      low = a;
      a = b;
      fa = fb;
      b = low + ratio * (high - low);
      fb = linearFit(t, j, Math.exp(b)).residual;
    }
  }
  const best = 0.5 * (low + high);
  // An optimum at either end of the bracket means no decay is visible in the data (λ → 0 sends J_∞
  // to ±∞, λ → ∞ makes every point "converged"): J_∞ is not identifiable, and we say so.
  if (best - bracketLow < 1e-3 || bracketHigh - best < 1e-3) return Number.NaN;
  return linearFit(t, j, Math.exp(best)).limit;
}

/** Least squares of j ≈ J_∞ − A x with x = e^{−λ(t − t_0)}: returns J_∞ and the residual sum of squares. */
function linearFit(t: ArrayLike<number>, j: ArrayLike<number>, rate: number): { limit: number; residual: number } {
  const n = t.length;
  let sx = 0;
  let sj = 0;
  for (let k = 0; k < n; k++) {
    sx += Math.exp(-rate * (t[k] - t[0]));
    sj += j[k];
  }
  const mx = sx / n;
  const mj = sj / n;
  let sxx = 0;
  let sxj = 0;
  for (let k = 0; k < n; k++) {
    const x = Math.exp(-rate * (t[k] - t[0])) - mx;
    sxx += x * x;
    sxj += x * (j[k] - mj);
  }
  // j = J_∞ + slope·x with slope = −A.
  const slope = sxx > 0 ? sxj / sxx : 0;
  const limit = mj - slope * mx;
  let residual = 0;
  for (let k = 0; k < n; k++) residual += (j[k] - limit - slope * Math.exp(-rate * (t[k] - t[0]))) ** 2;
  return { limit, residual };
}
