import type { Parameters } from 'fast-check';
import { expect } from 'vitest';
import { STACK_TRACE } from './folder-snapshot';

/**
 * `npm test` runs every property with a fixed seed and few runs (the CI part, seconds);
 * `npm run fuzz` (MFPG_FUZZ=long) runs 20 times as many from a fresh seed, printed on failure.
 */
export const LONG = process.env.MFPG_FUZZ === 'long';

/** The seed of this process's properties: fixed for CI, fresh (and printed, to replay a failure with MFPG_FUZZ_SEED) for the long run. */
export const SEED = process.env.MFPG_FUZZ_SEED ? Number(process.env.MFPG_FUZZ_SEED) : LONG ? Date.now() % 2 ** 31 : 20261202;
if (LONG) console.log(`fuzz seed ${SEED} (replay: MFPG_FUZZ=long MFPG_FUZZ_SEED=${SEED} npm run fuzz)`);

export function fuzzParameters<T>(runs: number): Parameters<T> {
  return { numRuns: LONG ? runs * 20 : runs, seed: SEED, endOnFailure: true };
}

/** A property may spend this long on one generated case (valid cases run tiny flows). */
export const CASE_SECONDS = 60;

/** The part of the CLI contract every case must keep: a known exit code, no stack trace, no internal error. */
export function expectContract(result: { code: number; stderr: string }, allowed: readonly number[]): void {
  expect(allowed, result.stderr).toContain(result.code);
  expect(result.stderr).not.toMatch(STACK_TRACE);
  expect(result.stderr).not.toMatch(/internal error/);
  if (result.code === 2) expect(result.stderr).toMatch(/given .*; allowed: /);
}

/** Object.prototype as the process started: no input may add to it. */
const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();
export function expectPrototypesClean(): void {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
  expect(Object.getOwnPropertyNames(Array.prototype).filter((key) => !/^\d+$/.test(key)).includes('polluted')).toBe(false);
}
