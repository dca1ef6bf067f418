import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, vi } from 'vitest';
import { main } from '../packages/mfpg/src/cli/main';

/** A small, fast B3 problem: 12×12 grid, 20 steps, metrics every 5 steps. */
export const smallProblem = ['env.grid.states=12', 'env.grid.actions=12', 'flow.horizon=1', 'monitor.every=5'];

/** CLI arguments setting each override, without a progress bar. */
export function withOverrides(...overrides: string[]): string[] {
  return [...overrides.flatMap((override) => ['--set', override]), '--no-progress'];
}

/** The small problem with 40 particles. */
export const smallRun = withOverrides(...smallProblem, 'particles.count=40');

export function freshDirectory(prefix = 'mfpg-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Runs the CLI in-process and captures what it prints. */
export async function runCli(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/** The folder `name` under `base` of an uninterrupted `mfpg run` with these overrides: what a resumed run must repeat byte for byte. */
export async function uninterruptedRun(base: string, overrides: readonly string[], name = 'reference'): Promise<string> {
  const out = join(base, name);
  expect((await runCli(['run', ...withOverrides(...overrides), '--out', out])).code).toBe(0);
  return out;
}

/** Run options that abort the run when its progress reaches `step` (its last checkpoint is then taken before step + 1). */
export function abortingAt(step: number): { signal: AbortSignal; onProgress: (progress: { step: number }) => void } {
  const controller = new AbortController();
  return { signal: controller.signal, onProgress: (progress) => progress.step === step && controller.abort() };
}

/**
 * Leaves the run folder `out` as a kill -9 at `step` would: runs `run` to the end with the given
 * progress callback, which saves the files `frozen` (paths in `out`) as they were at `step`, then
 * puts those back and deletes `removed` (what only a closing run writes).
 */
export async function freezeAsKilledAt(
  out: string,
  step: number,
  frozen: readonly string[],
  removed: readonly string[],
  run: (onProgress: (progress: { step: number }) => void) => Promise<unknown>,
): Promise<void> {
  const saved = (k: number) => `${out}.frozen-${k}`;
  await run((progress) => {
    if (progress.step === step) frozen.forEach((name, k) => copyFileSync(join(out, name), saved(k)));
  });
  frozen.forEach((name, k) => copyFileSync(saved(k), join(out, name)));
  for (const name of removed) rmSync(join(out, name));
}

export function readJsonl(path: string): Record<string, number>[] {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, number>);
}
