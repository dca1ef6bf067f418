import { describe, expect, it } from 'vitest';
import type { Trajectory } from '../experiments/simulate';
import { decodeTrajectory, encodeTrajectory } from './trajectory-transport';

describe('trajectory transport', () => {
  it('brings every float back bit for bit, NaN, ±Infinity and −0 included, through JSON', () => {
    const awkward = [0.1 + 0.2, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.MIN_VALUE, -Number.MAX_VALUE];
    const trajectory: Trajectory = {
      t: [0, 0.05, 0.1],
      value: awkward,
      kl: [1 / 3],
      objective: awkward.slice().reverse(),
      meanTanh: [-0],
      theta: Float64Array.from(awkward),
      sigma: 0.7,
      snapshot: { step: 3, particleCount: 7, dim: 1, theta: awkward, random: { algorithm: 'xoroshiro128+', words: [1, 2, 3, 4], spareNormal: -0.25 }, integrator: null },
    };
    const back = decodeTrajectory(JSON.parse(JSON.stringify(encodeTrajectory(trajectory))));
    // Object.is tells −0 from 0 and NaN from NaN-free values; toEqual would not.
    const same = (a: ArrayLike<number>, b: ArrayLike<number>) => a.length === b.length && Array.from(a).every((x, i) => Object.is(x, b[i]));
    for (const key of ['t', 'value', 'kl', 'objective', 'meanTanh'] as const) expect(same(back[key], trajectory[key]), key).toBe(true);
    expect(back.theta).toBeInstanceOf(Float64Array);
    expect(same(back.theta, trajectory.theta)).toBe(true);
    expect(same(back.snapshot.theta, trajectory.snapshot.theta)).toBe(true);
    expect(back.snapshot.random).toEqual(trajectory.snapshot.random);
    expect(back.sigma).toBe(0.7);
  });
});
