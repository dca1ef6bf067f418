import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshDirectory, runCli, withOverrides } from './helpers';

const repository = resolve(__dirname, '..');
/**
 * 600 steps of a mid-size B3 problem (200 particles × 32×32 grid: ~2 ms a step, over a second in
 * all) so that the signal, sent at the first checkpoint (step 10) and handled within the engine's
 * 50 ms yield, always lands mid-run — a tiny problem can finish before the signal arrives.
 */
const overrides = ['env.grid.states=32', 'env.grid.actions=32', 'particles.count=200', 'flow.horizon=30', 'monitor.every=7'];

describe('SIGTERM during mfpg run --checkpoint-every', () => {
  // A real process and a real signal (the CLI's own handler), so it runs the sources with tsx.
  it('leaves complete files and a checkpoint; resume gives the uninterrupted bytes', { timeout: 180_000 }, async () => {
    const base = freshDirectory();
    const reference = join(base, 'reference');
    expect((await runCli(['run', ...withOverrides(...overrides), '--out', reference])).code).toBe(0);

    const out = join(base, 'stopped');
    const child = spawn(process.execPath, ['--import', 'tsx', join(repository, 'packages/mfpg/src/cli/bin.ts'), 'run', ...withOverrides(...overrides), '--checkpoint-every', '10', '--out', out], { stdio: 'ignore' });
    const code = await new Promise<number | null>((resolveCode) => {
      const poll = setInterval(() => {
        if (existsSync(join(out, 'checkpoint.json'))) {
          clearInterval(poll);
          child.kill('SIGTERM');
        }
      }, 5);
      child.on('close', (exitCode) => {
        clearInterval(poll);
        resolveCode(exitCode);
      });
    });
    expect(code).toBe(130);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.status).toBe('interrupted');
    expect(summary.steps).toBeLessThan(600);
    const checkpoint = JSON.parse(readFileSync(join(out, 'checkpoint.json'), 'utf8'));
    // The checkpoint is where the run stopped (written on the signal), not the last multiple of 10.
    expect(checkpoint.step).toBe(summary.steps);
    expect(JSON.parse(readFileSync(join(out, 'particles.json'), 'utf8')).step).toBe(summary.steps);

    expect((await runCli(['resume', out, '--no-progress'])).code).toBe(0);
    for (const name of ['metrics.jsonl', 'particles.json']) expect(readFileSync(join(out, name), 'utf8'), name).toBe(readFileSync(join(reference, name), 'utf8'));
  });
});
