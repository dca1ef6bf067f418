import { readFileSync, statSync } from 'node:fs';
import { ConfigError } from '../errors';
import type { InitialLaw } from '../plugin-points/initial-law';
import type { Random } from '../plugin-points/random';

const FIELD = 'particles.init.path';

/**
 * ν_0 = the empirical measure of particles read from a JSON file: either an array of N rows of d
 * numbers, or an object whose `theta` is such an array (the `particles.json` a run writes). The
 * file is read and checked against N and d when the law is made, so a bad file is a ConfigError
 * before any work; `sample` copies the rows and draws no random numbers.
 */
export class FileInitialLaw implements InitialLaw {
  readonly name = 'file';
  /** N×d row-major. */
  private readonly particles: Float64Array;

  /**
   * @param path the JSON file.
   * @param particleCount N the run expects (`particles.count`).
   * @param dim d the run's unit has for the environment's features.
   */
  constructor(
    readonly path: string,
    readonly particleCount: number,
    readonly dim: number,
  ) {
    this.particles = readParticles(path, particleCount, dim);
  }

  sample(_rng: Random, theta: Float64Array, particleCount: number, dim: number): void {
    if (particleCount !== this.particleCount || dim !== this.dim) {
      throw new RangeError(`initial law file: ${this.path} holds ${this.particleCount}×${this.dim} particles, asked for ${particleCount}×${dim}`);
    }
    theta.set(this.particles);
  }
}

function readParticles(path: string, particleCount: number, dim: number): Float64Array {
  let text: string;
  try {
    // A device or a FIFO (/dev/zero) would be read forever; a file far larger than N×d numbers is not this run's.
    const stat = statSync(path);
    if (!stat.isFile()) throw ConfigError.of(FIELD, path, `a JSON file of particles; this is ${stat.isDirectory() ? 'a folder' : 'not a regular file'}`);
    const largest = 64 * particleCount * dim + 2 ** 20;
    if (stat.size > largest) throw ConfigError.of(FIELD, path, `a JSON file of N×d = ${particleCount}×${dim} particles, at most ${largest} bytes (this one has ${stat.size})`);
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw ConfigError.of(FIELD, path, `a readable JSON file of particles (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw ConfigError.of(FIELD, path, `a JSON file (${(error as Error).message})`);
  }
  const rows = Array.isArray(parsed) ? parsed : (parsed as { theta?: unknown } | null)?.theta;
  const expected = `an array of N = ${particleCount} rows of d = ${dim} finite numbers, or an object with such a "theta" (a run's particles.json)`;
  if (!Array.isArray(rows)) throw ConfigError.of(FIELD, path, expected);
  if (rows.length !== particleCount) throw ConfigError.of(FIELD, path, `${expected}; the file has ${rows.length} rows (set particles.count = ${rows.length}?)`);
  const particles = new Float64Array(particleCount * dim);
  rows.forEach((row: unknown, i) => {
    if (!Array.isArray(row) || row.length !== dim) {
      throw ConfigError.of(FIELD, path, `${expected}; row ${i} has ${Array.isArray(row) ? `${row.length} entries` : 'no array'} (the unit and environment give d = ${dim})`);
    }
    row.forEach((value: unknown, k) => {
      if (typeof value !== 'number' || !Number.isFinite(value)) throw ConfigError.of(FIELD, path, `${expected}; row ${i}, entry ${k} is ${JSON.stringify(value)}`);
      particles[i * dim + k] = value;
    });
  });
  return particles;
}
