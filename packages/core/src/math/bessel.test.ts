import { describe, expect, it } from 'vitest';
import { besselI0, besselI1, besselI1OverI0, logBesselI0 } from './bessel';

/**
 * Independent reference: I_n(x) = (1/2π) ∫_0^{2π} e^{x cos t} cos(nt) dt, by the periodic
 * trapezoid rule with `nodes` nodes. For an entire periodic integrand its relative error is the
 * aliased coefficient ≈ I_{nodes}(x)/I_n(x) ≲ exp(−nodes²/(2x)) (nodes ≪ x) or
 * (x/2)^{nodes}/nodes! (nodes ≫ x): far below eps for the node counts used here.
 * Returns e^{−x} I_n(x), computed from e^{x(cos t − 1)} so no term overflows or loses digits.
 */
function scaledBesselByQuadrature(order: number, x: number, nodes: number): number {
  let sum = 0;
  for (let j = 0; j < nodes; j++) {
    const t = (2 * Math.PI * j) / nodes;
    sum += Math.exp(x * (Math.cos(t) - 1)) * Math.cos(order * t);
  }
  return sum / nodes;
}

const relativeError = (value: number, reference: number) => Math.abs(value - reference) / Math.abs(reference);

describe('besselI0 / besselI1', () => {
  it('match tabulated values to 1e-14 relative', () => {
    expect(besselI0(0)).toBe(1);
    expect(besselI1(0)).toBe(0);
    // Abramowitz & Stegun Table 9.8 / 30-digit reference values.
    expect(relativeError(besselI0(1), 1.2660658777520082)).toBeLessThan(1e-14);
    expect(relativeError(besselI1(1), 0.5651591039924851)).toBeLessThan(1e-14);
    expect(relativeError(besselI0(10), 2815.716628466254)).toBeLessThan(1e-14);
    expect(relativeError(besselI1(10), 2670.988303701255)).toBeLessThan(1e-14);
  });

  it('agree with the integral representation across both regimes (series and asymptotic)', () => {
    // Both sides carry a few ulps of rounding; 1e-14 leaves a factor ≈ 20 of margin.
    const xs = [1e-3, 0.1, 0.5, 2, 5, 12.5, 24.9, 25, 25.1, 30, 60, 150, 400, 700];
    for (const x of xs) {
      const nodes = 64 + Math.ceil(20 * Math.sqrt(x));
      const scale = Math.exp(x);
      expect(relativeError(besselI0(x), scale * scaledBesselByQuadrature(0, x, nodes))).toBeLessThan(1e-14);
      // I1 = (1/2π)∫ e^{x cos t} cos t dt cancels for tiny x: the sum's rounding is eps·I0, so
      // the bound is relative to I0(x) there.
      const i1Reference = scale * scaledBesselByQuadrature(1, x, nodes);
      expect(Math.abs(besselI1(x) - i1Reference)).toBeLessThan(1e-14 * Math.max(Math.abs(i1Reference), 1e-2 * besselI0(x)));
    }
  });

  it('are even / odd', () => {
    for (const x of [0.3, 7, 40]) {
      expect(besselI0(-x)).toBe(besselI0(x));
      expect(besselI1(-x)).toBe(-besselI1(x));
    }
  });

  it('satisfy the derivative identity I0′ = I1 (fourth-order central differences)', () => {
    // Truncation h⁴/30·|I0⁽⁵⁾| ≈ 3e−10·I0 and rounding ≈ eps·I0/h ≈ 2e−13·I0 at h = 1e−3: a
    // 1e−8 relative bound fails for any I1 off by more than that (e.g. a wrong series term).
    const h = 1e-3;
    for (const x of [0.7, 3, 24.999, 25.001, 80]) {
      const derivative =
        (8 * (besselI0(x + h) - besselI0(x - h)) - (besselI0(x + 2 * h) - besselI0(x - 2 * h))) / (12 * h);
      expect(relativeError(derivative, besselI1(x))).toBeLessThan(1e-8);
    }
  });

  it('overflow to +∞ only where I0 is not representable', () => {
    expect(Number.isFinite(besselI0(710))).toBe(true);
    expect(besselI0(720)).toBe(Infinity);
    expect(Number.isNaN(besselI0(Number.NaN))).toBe(true);
  });
});

describe('logBesselI0', () => {
  it('is finite and accurate at x = 1e4, where I0 overflows', () => {
    const x = 1e4;
    // x/nodes²·2 ≈ 1/800 keeps the aliasing factor exp(−nodes²/(2x)) ≈ e^{−800}.
    const reference = x + Math.log(scaledBesselByQuadrature(0, x, 4000));
    // The result ≈ 9994.48 has ulp 1.8e−12; allow a few ulps of the sum.
    expect(Math.abs(logBesselI0(x) - reference)).toBeLessThan(1e-11);
    expect(Math.abs(logBesselI0(-x) - reference)).toBeLessThan(1e-11);
  });

  it('equals log I0 where I0 is representable and keeps relative accuracy as x → 0', () => {
    for (const x of [0.5, 3, 25, 26, 300]) {
      expect(Math.abs(logBesselI0(x) - Math.log(besselI0(x)))).toBeLessThan(1e-14 * Math.max(1, Math.log(besselI0(x))));
    }
    // log I0(x) = x²/4 − x⁴/64 + O(x⁶): a plain log(I0(x)) would be wrong by ≈ eps/(x²/4) ≈ 4e−6 here.
    const x = 1e-5;
    expect(relativeError(logBesselI0(x), (x * x) / 4 - x ** 4 / 64)).toBeLessThan(1e-15);
  });
});

describe('besselI1OverI0', () => {
  it('equals I1/I0 where both are representable', () => {
    for (const x of [-3, 1e-6, 0.8, 24.9, 25.1, 30, 500]) {
      expect(relativeError(besselI1OverI0(x), besselI1(x) / besselI0(x))).toBeLessThan(4e-15);
    }
  });

  it('stays finite for huge x, following I1/I0 = 1 − 1/(2x) − 1/(8x²) − 1/(8x³) + O(x⁻⁴)', () => {
    const x = 1e5;
    // The omitted O(x⁻⁴) term is ≈ 2e−21, far below eps.
    expect(Math.abs(besselI1OverI0(x) - (1 - 1 / (2 * x) - 1 / (8 * x * x) - 1 / (8 * x ** 3)))).toBeLessThan(2e-16);
  });
});
