import { describe, expect, it } from 'vitest';
import { createRandom } from '../math/random';
import { GaussianPrior } from './gaussian-prior';

describe('GaussianPrior', () => {
  it('has U(θ) = |θ|²/(2 s0²)', () => {
    const prior = new GaussianPrior(2);
    expect(prior.name).toBe('gaussian');
    expect(prior.potential([3, 4])).toBe(25 / 8);
    expect(prior.potential(new Float64Array(5))).toBe(0);
  });

  it('adds scale · ∇U to a whole N×d buffer, matching central differences of U', () => {
    const s0 = 0.7;
    const prior = new GaussianPrior(s0);
    const particleCount = 3;
    const dim = 2;
    const theta = Float64Array.from([0.3, -1.2, 2.5, 0.1, -0.4, 0.9]);
    const out = Float64Array.from([1, 2, 3, 4, 5, 6]);
    const scale = -0.37;
    prior.addGradient(theta, scale, out);
    // U is quadratic, so the central difference is exact up to round-off ε|U|/h ≈ 1e-10.
    const h = 1e-6;
    for (let i = 0; i < particleCount; i++) {
      for (let k = 0; k < dim; k++) {
        const plus = Array.from(theta.subarray(i * dim, (i + 1) * dim));
        const minus = [...plus];
        plus[k] += h;
        minus[k] -= h;
        const gradient = (prior.potential(plus) - prior.potential(minus)) / (2 * h);
        expect(out[i * dim + k]).toBeCloseTo(1 + i * dim + k + scale * gradient, 8);
        expect(out[i * dim + k]).toBeCloseTo(1 + i * dim + k + (scale / (s0 * s0)) * theta[i * dim + k], 14);
      }
    }
    const inPlace = theta.slice();
    prior.addGradient(inPlace, scale, inPlace);
    inPlace.forEach((value, k) => expect(value).toBeCloseTo(theta[k] + (scale / (s0 * s0)) * theta[k], 14));
    expect(() => prior.addGradient(theta, 1, new Float64Array(5))).toThrow(RangeError);
  });

  it('has log Z_U equal to the log of a quadrature of e^{−U} in 1 and 2 dimensions', () => {
    const s0 = 1.3;
    const prior = new GaussianPrior(s0);
    // The trapezoid rule on [−12 s0, 12 s0] is spectrally accurate for a Gaussian (error
    // ~e^{−2π² s0²/step²} with step = 0.06 s0); the truncated tail is e^{−72}. Both are far below
    // the 1e-12 tolerance, which leaves room for the round-off of summing 401² terms.
    const nodes = 401;
    const half = 12 * s0;
    const step = (2 * half) / (nodes - 1);
    let oneDim = 0;
    let twoDim = 0;
    for (let a = 0; a < nodes; a++) {
      const x = -half + a * step;
      const wa = a === 0 || a === nodes - 1 ? 0.5 : 1;
      oneDim += wa * Math.exp(-prior.potential([x]));
      for (let b = 0; b < nodes; b++) {
        const wb = b === 0 || b === nodes - 1 ? 0.5 : 1;
        twoDim += wa * wb * Math.exp(-prior.potential([x, -half + b * step]));
      }
    }
    expect(Math.log(oneDim * step)).toBeCloseTo(prior.logNormalizer(1), 12);
    expect(Math.log(twoDim * step * step)).toBeCloseTo(prior.logNormalizer(2), 12);
    expect(prior.logNormalizer(6)).toBeCloseTo(3 * Math.log(2 * Math.PI * s0 * s0), 14);
  });

  it('samples N(0, s0² I) into the requested slice only; moments within 5 standard errors', () => {
    const s0 = 0.6;
    const prior = new GaussianPrior(s0);
    const rng = createRandom(5);
    const n = 100_000;
    const dim = 3;
    const stride = dim + 2;
    const buffer = new Float64Array(n * stride).fill(7);
    for (let i = 0; i < n; i++) prior.sample(rng, buffer, i * stride + 1, dim);
    const sum = new Float64Array(dim);
    const second = new Float64Array(dim * dim);
    let untouchedPadding = 0;
    for (let i = 0; i < n; i++) {
      if (buffer[i * stride] === 7 && buffer[i * stride + dim + 1] === 7) untouchedPadding++;
      for (let a = 0; a < dim; a++) {
        const x = buffer[i * stride + 1 + a];
        sum[a] += x;
        for (let b = 0; b < dim; b++) second[a * dim + b] += x * buffer[i * stride + 1 + b];
      }
    }
    expect(untouchedPadding).toBe(n);
    // sd of a sample mean: s0/√n; of E x_a²: s0² √(2/n); of E x_a x_b (a ≠ b): s0²/√n.
    for (let a = 0; a < dim; a++) {
      expect(Math.abs(sum[a] / n)).toBeLessThan((5 * s0) / Math.sqrt(n));
      for (let b = 0; b < dim; b++) {
        const expected = a === b ? s0 * s0 : 0;
        const sd = a === b ? s0 * s0 * Math.sqrt(2 / n) : (s0 * s0) / Math.sqrt(n);
        expect(Math.abs(second[a * dim + b] / n - expected)).toBeLessThan(5 * sd);
      }
    }
  });

  it('rejects a scale that is not a finite positive number', () => {
    for (const s0 of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => new GaussianPrior(s0)).toThrow(/s0 must be a finite number > 0/);
    }
  });
});
