import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors';
import { createRandom } from '../math/random';
import { FileInitialLaw } from './file-initial-law';
import { UniformInitialLaw } from './uniform-initial-law';

describe('UniformInitialLaw', () => {
  it('maps one uniform per coordinate, particle-major, onto the box', () => {
    const law = new UniformInitialLaw([-1, 2], [1, 6]);
    const theta = new Float64Array(6);
    law.sample(createRandom(3), theta, 3, 2);
    const rng = createRandom(3);
    const expected = Array.from({ length: 6 }, (_, j) => (j % 2 === 0 ? -1 + 2 * rng.uniform() : 2 + 4 * rng.uniform()));
    expect(Array.from(theta)).toEqual(expected);
  });

  it('has the moments of the box: mean (low + high)/2 and variance (high − low)²/12 within 5 standard errors', () => {
    const n = 20000;
    const theta = new Float64Array(n);
    new UniformInitialLaw(-0.5, 1.5).sample(createRandom(8), theta, n, 1);
    expect(Math.min(...theta)).toBeGreaterThanOrEqual(-0.5);
    expect(Math.max(...theta)).toBeLessThan(1.5);
    const mean = theta.reduce((a, b) => a + b) / n;
    const variance = theta.reduce((a, t) => a + (t - mean) ** 2, 0) / (n - 1);
    // Var = 4/12 = 1/3; SE of the mean sqrt(1/3 / n); SE of the variance sqrt((μ4 − σ⁴)/n), μ4 = 16/80.
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 3 / n));
    expect(Math.abs(variance - 1 / 3)).toBeLessThan(5 * Math.sqrt((0.2 - 1 / 9) / n));
  });

  it('reports a wrong vector length or an empty box', () => {
    expect(new UniformInitialLaw([0, 0], 1).validate(3)).toEqual(['low', '2 entries, but the parameter dimension is d = 3']);
    expect(new UniformInitialLaw(0, [1, 0]).validate(2)?.[1]).toMatch(/coordinate 1 has low = 0, high = 0/);
    expect(() => new UniformInitialLaw(1, 1).sample(createRandom(0), new Float64Array(2), 1, 2)).toThrow(/low < high/);
  });
});

describe('FileInitialLaw', () => {
  const directory = mkdtempSync(join(tmpdir(), 'mfpg-initial-law-'));
  const write = (name: string, content: unknown) => {
    const path = join(directory, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };

  it('reads a run’s particles.json and a bare array of rows, and draws nothing', () => {
    const rows = [
      [1, 2, 3],
      [-4, 5.5, 6],
    ];
    for (const path of [write('particles.json', { step: 10, t: 1, particleCount: 2, dim: 3, theta: rows }), write('rows.json', rows)]) {
      const theta = new Float64Array(6);
      const rng = createRandom(1);
      new FileInitialLaw(path, 2, 3).sample(rng, theta, 2, 3);
      expect(Array.from(theta)).toEqual(rows.flat());
      expect(rng.uniform()).toBe(createRandom(1).uniform());
    }
  });

  it.each([
    ['missing.json', null, /readable JSON file.*ENOENT/],
    ['broken.json', '{"theta": [', /a JSON file/],
    ['object.json', { particles: [] }, /array of N = 2 rows of d = 3/],
    ['count.json', [[1, 2, 3]], /the file has 1 rows \(set particles.count = 1\?\)/],
    ['dim.json', [[1, 2, 3], [1, 2]], /row 1 has 2 entries \(the unit and environment give d = 3\)/],
    ['nan.json', [[1, 2, 3], [1, 'x', 3]], /row 1, entry 1 is "x"/],
  ])('%s is a ConfigError on particles.init.path', (name, content, message) => {
    const path = content === null ? join(directory, name) : write(name, content);
    let error: unknown;
    try {
      new FileInitialLaw(path, 2, 3);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues[0].field).toBe('particles.init.path');
    expect((error as ConfigError).message).toMatch(message);
  });
});
