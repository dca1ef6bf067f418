import { describe, expect, it } from 'vitest';
import { digamma, logGamma } from '../math/gamma-functions';
import { createRandom } from '../math/random';
import { GaussianPrior } from '../priors/gaussian-prior';
import { klToPrior, knnEntropy, knnEntropyWithError } from './knn-entropy';

const EULER_GAMMA = 0.5772156649015329;

/*
 * Statistical tolerances for k = 1 on N i.i.d. draws from a density f (docs/math.md §5).
 *
 * Standard error. N·f(θ_i)·V_d ε_i^d is close to Exp(1), so d·log ε_i = log E_i − log f(θ_i) − log(N V_d)
 * with Var log E = ψ'(1) = π²/6, and Ĥ ≈ mean_i(−log f(θ_i)) + mean_i(log E_i) + const gives
 *   SE ≈ INFLATION · sqrt((π²/6 + Var log f)/N),  Var log f = d/2 for a Gaussian (χ²_d / 2).
 * The E_i of mutual nearest neighbours are positively correlated; INFLATION = 1.25 covers the
 * ratio of empirical to nominal spread measured over 120 replications for d = 1…6 (1.0–1.24).
 *
 * Bias. With P(B(x, r)) = f V_d r^d (1 + Δf r² / (2(d+2) f) + …), the leading bias is
 *   −Γ(1 + 2/d) (N V_d)^{−2/d} E[Δf / (2(d+2) f^{1+2/d})],
 * for N(m, Σ) equal to −Γ(1+2/d)(N V_d)^{−2/d} · 2π (det Σ)^{1/d} (tr Σ⁻¹/d) · 2(1 − 2/d)^{−d/2−1} / (2(d+2)).
 * It is finite for d ≥ 3 (−3.3/√N at d = 4) and overstates the measured bias (−1.4/√N at d = 4,
 * −0.026 vs −0.13 for the anisotropic d = 3 case below at N = 2000) because Gaussian tails, where the
 * expansion is poor, dominate the expectation: a safe allowance. For d ≤ 2 the expectation
 * diverges and the bias is o(N^{−1/2}) (the estimator is efficient for d ≤ 3, Berrett, Samworth &
 * Yuan, Ann. Statist. 2019); measured |bias| ≤ 0.016 for N ≥ 250, we allow one standard error.
 *
 * Each check is |error| < allowance + 5 SE for single seeds and allowance + 5 SE/√S for the mean
 * of S seeds.
 */
const INFLATION = 1.25;
const Z = 5;

/** Standard error of Ĥ (or of KL̂) with per-particle variance `variance` beyond the π²/6. */
function standardError(variance: number, particleCount: number): number {
  return INFLATION * Math.sqrt((Math.PI ** 2 / 6 + variance) / particleCount);
}

/** Bias allowance for k = 1 on N(m, Σ) with covariance eigenvalues `lambdas` (see above). */
function biasAllowance(lambdas: number[], particleCount: number, se: number): number {
  const d = lambdas.length;
  if (d <= 2) return se;
  const logUnitBall = 0.5 * d * Math.log(Math.PI) - logGamma(0.5 * d + 1);
  const detRoot = Math.exp(lambdas.reduce((a, l) => a + Math.log(l), 0) / d);
  const meanInverse = lambdas.reduce((a, l) => a + 1 / l, 0) / d;
  const expectation = 2 * Math.PI * detRoot * meanInverse * 2 * (1 - 2 / d) ** (-d / 2 - 1);
  return (Math.exp(logGamma(1 + 2 / d) - (2 / d) * (Math.log(particleCount) + logUnitBall)) * expectation) / (2 * (d + 2));
}

/** Fills an N×d cloud with θ = m + A z, z ~ N(0, I_d); A is d×d row-major. */
function gaussianCloud(seed: number, particleCount: number, mean: number[], transform: number[]): Float64Array {
  const d = mean.length;
  const rng = createRandom(seed);
  const z = new Float64Array(d);
  const theta = new Float64Array(particleCount * d);
  for (let i = 0; i < particleCount; i++) {
    rng.fillNormal(z);
    for (let a = 0; a < d; a++) {
      let value = mean[a];
      for (let b = 0; b < d; b++) value += transform[a * d + b] * z[b];
      theta[i * d + a] = value;
    }
  }
  return theta;
}

function isotropic(d: number, s: number): number[] {
  return Array.from({ length: d * d }, (_, j) => (j % (d + 1) === 0 ? s : 0));
}

/** Runs `estimate` over seeds and checks each error and their mean against the tolerances. */
function checkAcrossSeeds(seeds: number[], estimate: (seed: number) => number, truth: number, allowance: number, se: number): void {
  const errors = seeds.map((seed) => estimate(seed) - truth);
  for (const error of errors) expect(Math.abs(error)).toBeLessThan(allowance + Z * se);
  const meanError = errors.reduce((a, b) => a + b) / errors.length;
  expect(Math.abs(meanError)).toBeLessThan(allowance + (Z * se) / Math.sqrt(errors.length));
}

/** Unit-ball volumes V_d = π^{d/2}/Γ(d/2 + 1), written out for d = 1…6. */
const UNIT_BALL_VOLUME = [2, Math.PI, (4 * Math.PI) / 3, Math.PI ** 2 / 2, (8 * Math.PI ** 2) / 15, Math.PI ** 3 / 6];

describe('knnEntropy on configurations with known neighbour distances', () => {
  it('on the hypercube {0, a}^d (every ε = a) equals ψ(2^d) + γ + log V_d + d log a, d = 1…6', () => {
    const a = 0.37;
    for (let d = 1; d <= 6; d++) {
      const particleCount = 2 ** d;
      const theta = new Float64Array(particleCount * d);
      for (let i = 0; i < particleCount; i++) for (let c = 0; c < d; c++) theta[i * d + c] = (i >> c) & 1 ? a : 0;
      const expected = digamma(particleCount) + EULER_GAMMA + Math.log(UNIT_BALL_VOLUME[d - 1]) + d * Math.log(a);
      expect(knnEntropy(theta, particleCount, d)).toBeCloseTo(expected, 13);

      // KL to N(0, s0² I): mean U = d a²/(4 s0²), since each coordinate is a or 0 equally often.
      const s0 = 0.8;
      const kl = klToPrior(theta, particleCount, d, new GaussianPrior(s0));
      expect(kl).toBeCloseTo(-expected + (d * a * a) / (4 * s0 * s0) + 0.5 * d * Math.log(2 * Math.PI * s0 * s0), 13);
    }
  });

  it('on a rotated 4×5 square lattice gives the hand-computed values for k = 1 and k = 4', () => {
    const a = 0.5;
    const angle = 0.4;
    const [c, s] = [Math.cos(angle), Math.sin(angle)];
    const particleCount = 20;
    const theta = new Float64Array(2 * particleCount);
    // Shuffled order (i·7 mod 20), so neighbours are not adjacent in memory.
    for (let i = 0; i < particleCount; i++) {
      const node = (i * 7) % particleCount;
      const [x, y] = [a * (node % 4), a * Math.floor(node / 4)];
      theta[2 * i] = 1.3 + c * x - s * y;
      theta[2 * i + 1] = -0.2 + s * x + c * y;
    }
    // k = 1: every ε = a.
    expect(knnEntropy(theta, particleCount, 2)).toBeCloseTo(digamma(20) + EULER_GAMMA + Math.log(Math.PI) + 2 * Math.log(a), 12);
    // k = 4: 6 interior nodes have ε = a; 10 edge nodes 3 at a, then √2 a; 4 corners reach 2 a.
    const sumLogEpsilon = 20 * Math.log(a) + 10 * 0.5 * Math.LN2 + 4 * Math.LN2;
    expect(knnEntropy(theta, particleCount, 2, 4)).toBeCloseTo(digamma(20) - digamma(4) + Math.log(Math.PI) + (2 / 20) * sumLogEpsilon, 12);
  });

  it('agrees with a sort-every-distance reference for every k on a small random cloud', () => {
    const particleCount = 9;
    const d = 3;
    const theta = gaussianCloud(17, particleCount, [0, 0, 0], isotropic(3, 1));
    for (let k = 1; k < particleCount; k++) {
      let sumLog = 0;
      for (let i = 0; i < particleCount; i++) {
        const distances: number[] = [];
        for (let j = 0; j < particleCount; j++) {
          if (j !== i) distances.push(Math.hypot(...[0, 1, 2].map((c) => theta[i * d + c] - theta[j * d + c])));
        }
        distances.sort((x, y) => x - y);
        sumLog += Math.log(distances[k - 1]);
      }
      const reference = digamma(particleCount) - digamma(k) + Math.log(UNIT_BALL_VOLUME[2]) + (d / particleCount) * sumLog;
      expect(knnEntropy(theta, particleCount, d, k)).toBeCloseTo(reference, 12);
    }
  });

  it('returns −∞ (KL +∞) when a particle has k exact copies, NaN for a non-finite coordinate', () => {
    const pair = Float64Array.from([0, 0, 1, 3]);
    expect(knnEntropy(pair, 4, 1, 1)).toBe(Number.NEGATIVE_INFINITY);
    expect(Number.isFinite(knnEntropy(pair, 4, 1, 2))).toBe(true);
    expect(knnEntropy(Float64Array.from([0, 0, 0, 1, 3]), 5, 1, 2)).toBe(Number.NEGATIVE_INFINITY);
    expect(klToPrior(pair, 4, 1, new GaussianPrior(1))).toBe(Number.POSITIVE_INFINITY);
    expect(knnEntropy(Float64Array.from([0, Number.NaN, 1, 3]), 4, 1)).toBeNaN();
    expect(knnEntropy(Float64Array.from([0, Number.POSITIVE_INFINITY, 1, 3]), 4, 1)).toBeNaN();
  });

  it('rejects bad shapes and neighbour ranks with clear errors', () => {
    const theta = new Float64Array(8);
    expect(() => knnEntropy(theta, 4, 2, 4)).toThrow(/1 ≤ k < N = 4, got 4/);
    expect(() => knnEntropy(theta, 4, 2, 0)).toThrow(/1 ≤ k < N/);
    expect(() => knnEntropy(theta, 4, 2, 1.5)).toThrow(/1 ≤ k < N/);
    expect(() => knnEntropy(theta, 3, 2)).toThrow(/N·d = 3·2 = 6 numbers, got 8/);
    expect(() => knnEntropy(theta.subarray(0, 2), 1, 2)).toThrow(/particleCount ≥ 2/);
    expect(() => knnEntropy(theta, 8, 0)).toThrow(/dim must be a positive integer/);
  });
});

describe('knnEntropy on Gaussian clouds (H = ½ log((2πe)^d det Σ))', () => {
  const particleCount = 2000;
  const seeds = [1, 2, 3, 4, 5, 6];

  it.each([1, 2, 4])('recovers the entropy of N(0, s² I_%i) within bias allowance + 5 SE', (d) => {
    const s = 0.7;
    const se = standardError(d / 2, particleCount);
    const allowance = biasAllowance(Array(d).fill(s * s), particleCount, se);
    const truth = 0.5 * d * Math.log(2 * Math.PI * Math.E * s * s);
    checkAcrossSeeds(seeds, (seed) => knnEntropy(gaussianCloud(100 * d + seed, particleCount, Array(d).fill(0.3), isotropic(d, s)), particleCount, d), truth, allowance, se);
  });

  it('recovers the entropy of a rotated, anisotropic, shifted Gaussian in d = 3', () => {
    // Σ = A Aᵀ with A = R_z(0.6) · diag(0.3, 1, 2): standard deviations spanning a factor 6.7.
    const sds = [0.3, 1, 2];
    const [c, s] = [Math.cos(0.6), Math.sin(0.6)];
    const transform = [c * sds[0], -s * sds[1], 0, s * sds[0], c * sds[1], 0, 0, 0, sds[2]];
    const truth = 1.5 * Math.log(2 * Math.PI * Math.E) + Math.log(sds[0] * sds[1] * sds[2]);
    const se = standardError(1.5, particleCount);
    const allowance = biasAllowance(sds.map((sd) => sd * sd), particleCount, se);
    checkAcrossSeeds(seeds, (seed) => knnEntropy(gaussianCloud(500 + seed, particleCount, [-1.5, 0, 1.5], transform), particleCount, 3), truth, allowance, se);
  });

  it('has an error that shrinks like N^{−1/2} (d = 4, RMS over 12 seeds)', () => {
    const d = 4;
    const truth = 0.5 * d * Math.log(2 * Math.PI * Math.E);
    const rmsError = (n: number) => {
      let sum = 0;
      for (let seed = 0; seed < 12; seed++) sum += (knnEntropy(gaussianCloud(900 + seed, n, Array(d).fill(0), isotropic(d, 1)), n, d) - truth) ** 2;
      return Math.sqrt(sum / 12);
    };
    // Both the SE and the d = 4 bias scale as N^{−1/2}: expected ratio 16^{−1/2} = 0.25 for N ×16.
    // Twelve seeds estimate an RMS to about ±20%, so the band [16^{−0.8}, 16^{−0.25}] = [0.11, 0.5]
    // excludes a non-shrinking error (ratio 1) and anything slower than N^{−1/4}.
    const ratio = rmsError(4000) / rmsError(250);
    expect(ratio).toBeGreaterThan(16 ** -0.8);
    expect(ratio).toBeLessThan(16 ** -0.25);
  });
});

describe('klToPrior on Gaussian clouds (closed-form KL between Gaussians)', () => {
  const particleCount = 2000;
  const seeds = [11, 12, 13, 14, 15, 16];

  // KL(N(m, s² I) | N(0, s0² I)) = (d/2)(r − 1 − log r) + |m|²/(2 s0²), r = s²/s0².
  // The error of KL̂ is −(Ĥ − H) + (mean U − E U); per particle, −log f(θ) − U(θ) for θ = m + s z is
  // ½|z|²(s²/s0² − 1) − s m·z/s0² + const, so the variance beyond π²/6 is
  // (d/2)(s²/s0² − 1)² + s²|m|²/s0⁴ — it vanishes when ν = g, where only the π²/6 term is left.
  it.each([
    { d: 2, s: 0.5, s0: 1, shift: 0.4 },
    { d: 4, s: 0.7, s0: 1, shift: 0 },
    { d: 4, s: 1, s0: 1, shift: 0 },
    { d: 4, s: 0.5, s0: 1.2, shift: 0.5 },
  ])('matches the closed form for d = $d, s = $s, s0 = $s0, |m| = $shift', ({ d, s, s0, shift }) => {
    const r = (s * s) / (s0 * s0);
    const truth = 0.5 * d * (r - 1 - Math.log(r)) + (shift * shift) / (2 * s0 * s0);
    const se = standardError(0.5 * d * (r - 1) ** 2 + (s * s * shift * shift) / s0 ** 4, particleCount);
    const allowance = biasAllowance(Array(d).fill(s * s), particleCount, se);
    const mean = [shift, ...Array(d - 1).fill(0)];
    const prior = new GaussianPrior(s0);
    checkAcrossSeeds(seeds, (seed) => klToPrior(gaussianCloud(10 * d + seed, particleCount, mean, isotropic(d, s)), particleCount, d, prior), truth, allowance, se);
  });
});

describe('knnEntropyWithError', () => {
  const rng = createRandom(51);

  it('gives exactly knnEntropy as its estimate', () => {
    const theta = new Float64Array(300 * 3);
    rng.fillNormal(theta);
    for (const k of [1, 3]) expect(knnEntropyWithError(theta, 300, 3, k).entropy).toBe(knnEntropy(theta, 300, 3, k));
  });

  it('has a standard error close to sqrt((π²/6 + d/2)/N) for a Gaussian cloud, and it covers the truth', () => {
    // k = 1, ν = N(0, I_d): Var log ν(θ) = d/2, so the per-particle spread tends to π²/6 + d/2.
    const n = 1000;
    const dim = 2;
    const theta = new Float64Array(n * dim);
    rng.fillNormal(theta);
    const { entropy, standardError } = knnEntropyWithError(theta, n, dim);
    const predicted = Math.sqrt((Math.PI ** 2 / 6 + dim / 2) / n);
    // The sample sd of N terms is itself within ~10% for N = 1000 (heavy-ish log-Exp tails).
    expect(Math.abs(standardError / predicted - 1)).toBeLessThan(0.15);
    const truth = 0.5 * dim * Math.log(2 * Math.PI * Math.E);
    expect(Math.abs(entropy - truth)).toBeLessThan(4 * standardError);
  });

  it('gives NaN for both parts on a non-finite coordinate', () => {
    expect(knnEntropyWithError(Float64Array.from([0, Number.NaN, 1, 3]), 4, 1)).toEqual({ entropy: Number.NaN, standardError: Number.NaN });
  });
});
