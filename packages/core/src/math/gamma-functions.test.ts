import { describe, expect, it } from 'vitest';
import { digamma, logGamma } from './gamma-functions';

const EULER_GAMMA = 0.5772156649015329;
/**
 * The promised accuracy: 1e-14 relative, or 1e-14 absolute near a zero of the function (the
 * recurrence subtracts numbers of size ~10 there, so only absolute accuracy is possible).
 */
const TOLERANCE = 1e-14;

function expectClose(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(TOLERANCE * Math.max(1, Math.abs(expected)));
}

/** log((n − 1)!) from the exact integer factorial, correctly rounded to a double before the log. */
function logFactorialOfPredecessor(n: number): number {
  let factorial = 1n;
  for (let j = 2n; j < BigInt(n); j++) factorial *= j;
  return Math.log(Number(factorial));
}

/** x values on both sides of the switch from recurrence to asymptotic series (x = 10). */
const SAMPLES = [1e-8, 0.013, 0.1, 0.3, 0.5, 0.77, 1.4616, 1.9, 2.5, 3.3, 7.25, 9.999, 10, 10.001, 17.5, 123.4, 1e5];

describe('logGamma', () => {
  it('equals log((n − 1)!) at the integers 1…171', () => {
    for (let n = 1; n <= 171; n++) expectClose(logGamma(n), logFactorialOfPredecessor(n));
  });

  it('gives Γ(1/2) = √π and the known Γ(1/3), Γ(1/4)', () => {
    expectClose(logGamma(0.5), 0.5 * Math.log(Math.PI));
    expectClose(logGamma(1 / 3), Math.log(2.678938534707747633));
    expectClose(logGamma(0.25), Math.log(3.625609908221908312));
  });

  it('satisfies the reflection and Legendre duplication formulas across the series switch', () => {
    for (const x of [0.05, 0.2, 0.3, 0.45, 0.6, 0.9]) {
      expectClose(logGamma(x) + logGamma(1 - x), Math.log(Math.PI / Math.sin(Math.PI * x)));
    }
    for (const x of SAMPLES) {
      // Γ(2x) = 2^{2x−1} Γ(x) Γ(x + ½) / √π.
      expectClose(logGamma(2 * x), (2 * x - 1) * Math.LN2 - 0.5 * Math.log(Math.PI) + logGamma(x) + logGamma(x + 0.5));
    }
  });

  it('behaves as −log x − γx near 0 and rejects x ≤ 0', () => {
    const x = 1e-8;
    // log Γ(x) = −log x − γ x + (π²/12) x² + O(x³); the x² term is 1e-16 here.
    expectClose(logGamma(x), -Math.log(x) - EULER_GAMMA * x);
    for (const bad of [0, -1, -0.5, Number.NaN]) expect(logGamma(bad)).toBeNaN();
  });
});

describe('digamma', () => {
  it('gives ψ(1) = −γ, ψ(1/2) = −γ − 2 log 2, ψ(1/3) and ψ(1/4) in closed form', () => {
    expectClose(digamma(1), -EULER_GAMMA);
    expectClose(digamma(0.5), -EULER_GAMMA - 2 * Math.LN2);
    expectClose(digamma(1 / 3), -EULER_GAMMA - Math.PI / (2 * Math.sqrt(3)) - 1.5 * Math.log(3));
    expectClose(digamma(0.25), -EULER_GAMMA - Math.PI / 2 - 3 * Math.LN2);
  });

  it('equals −γ + H_{n−1} at the integers, i.e. ψ(n+1) = ψ(n) + 1/n, for n = 1…300', () => {
    let harmonic = 0;
    for (let n = 1; n <= 300; n++) {
      expectClose(digamma(n), -EULER_GAMMA + harmonic);
      expectClose(digamma(n + 1) - digamma(n), 1 / n);
      harmonic += 1 / n;
    }
  });

  it('satisfies the reflection and duplication formulas across the series switch', () => {
    for (const x of [0.05, 0.2, 0.3, 0.45, 0.6, 0.9]) {
      expectClose(digamma(1 - x) - digamma(x), Math.PI / Math.tan(Math.PI * x));
    }
    for (const x of SAMPLES) expectClose(digamma(2 * x), 0.5 * digamma(x) + 0.5 * digamma(x + 0.5) + Math.LN2);
  });

  it('is the derivative of logGamma (central difference)', () => {
    // Central difference error: h² |ψ''| / 6 (truncation) + ε |log Γ| / h (round-off), < 1e-7 for
    // h = 1e-5 at these x (|ψ''(x)| ≤ 2/x³ + 1/x², |log Γ| < 10³).
    const h = 1e-5;
    for (const x of [0.3, 1.4616, 2.5, 9.99, 10.01, 50, 300]) {
      const centralDifference = (logGamma(x + h) - logGamma(x - h)) / (2 * h);
      expect(Math.abs(centralDifference - digamma(x))).toBeLessThan(1e-7 * Math.max(1, 1 / x ** 3));
    }
  });

  it('behaves as −1/x − γ near 0 and rejects x ≤ 0', () => {
    const x = 1e-8;
    // ψ(x) = −1/x − γ + (π²/6) x + O(x²).
    expectClose(digamma(x), -1 / x - EULER_GAMMA + (Math.PI ** 2 / 6) * x);
    for (const bad of [0, -1, -0.5, Number.NaN]) expect(digamma(bad)).toBeNaN();
  });
});
