import { describe, expect, it } from 'vitest';
import { torusFeatures, wrapToTorus } from './torus-embedding';

describe('wrapToTorus', () => {
  it('maps every real into [0, 1) modulo 1, including tiny negatives that round to 1', () => {
    expect(wrapToTorus(1.25)).toBe(0.25);
    expect(wrapToTorus(-0.25)).toBe(0.75);
    expect(wrapToTorus(3)).toBe(0);
    // −1e−17 − floor(−1e−17) = 1 − 1e−17 rounds to 1, which is the point 0 of the circle.
    expect(wrapToTorus(-1e-17)).toBe(0);
  });
});

describe('torusFeatures', () => {
  it('writes (cos 2πs, sin 2πs) and (cos 2πa, sin 2πa) at the given offsets', () => {
    const out = new Float64Array(5);
    torusFeatures.state([0.125], out, 0);
    torusFeatures.action([0.75], out, 3);
    const expected = [Math.SQRT1_2, Math.SQRT1_2, 0, 0, -1];
    for (let c = 0; c < 5; c++) expect(Math.abs(out[c] - expected[c])).toBeLessThan(1e-15);
    expect(torusFeatures.stateDim + torusFeatures.actionDim).toBe(4);
  });
});
