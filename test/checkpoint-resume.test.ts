import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExperiment } from '../packages/mfpg/src/run-experiment';
import { abortingAt, freezeAsKilledAt, freshDirectory, readJsonl, runCli, smallProblem, uninterruptedRun, withOverrides } from './helpers';

/** 20 steps of the small B3 problem, a metrics row at every step so truncation is exercised. */
const overrides = [...smallProblem, 'particles.count=40', 'monitor.every=1'];
const files = (dir: string) => ['metrics.jsonl', 'particles.json'].map((name) => readFileSync(join(dir, name), 'utf8'));

const uninterrupted = (base: string) => uninterruptedRun(base, overrides);

describe('checkpoints and mfpg resume', () => {
  it('an interrupted run (abort at step 13) resumes to byte-identical metrics.jsonl and particles.json', async () => {
    const base = freshDirectory();
    const reference = await uninterrupted(base);
    const out = join(base, 'interrupted');
    const result = await runExperiment({}, { overrides, out, checkpointEvery: 5, ...abortingAt(13) });
    // Complete files: an interrupted summary, the particles where it stopped, and a checkpoint.
    expect(result.summary.status).toBe('interrupted');
    expect(result.summary.steps).toBe(14);
    expect(JSON.parse(readFileSync(join(out, 'particles.json'), 'utf8')).step).toBe(14);
    const checkpoint = JSON.parse(readFileSync(join(out, 'checkpoint.json'), 'utf8'));
    expect(checkpoint.step).toBe(14);
    expect(files(out)).not.toEqual(files(reference));

    const resumed = await runCli(['resume', out, '--no-progress']);
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain('resumed at step 14, completed 20/20 steps');
    expect(files(out)).toEqual(files(reference));
    expect(readJsonl(join(out, 'metrics.jsonl')).map((row) => row.step)).toEqual(Array.from({ length: 21 }, (_, i) => i));
  });

  it('a run killed between checkpoints (rows past the checkpoint, no summary) resumes byte-identically', async () => {
    const base = freshDirectory();
    const reference = await uninterrupted(base);
    const out = join(base, 'killed');
    // Freeze the folder as a kill -9 at step 13 leaves it: the step-10 checkpoint, rows of steps 0…13.
    await freezeAsKilledAt(out, 13, ['checkpoint.json', 'metrics.jsonl'], ['summary.json', 'particles.json'], (onProgress) =>
      runExperiment({}, { overrides, out, checkpointEvery: 5, onProgress }),
    );
    expect(JSON.parse(readFileSync(join(out, 'checkpoint.json'), 'utf8')).step).toBe(10);
    expect(readJsonl(join(out, 'metrics.jsonl'))).toHaveLength(14);

    const resumed = await runCli(['resume', out, '--no-progress']);
    expect(resumed.code).toBe(0);
    expect(files(out)).toEqual(files(reference));
  });

  it.each(['leimkuhler-matthews', 'heun', 'ou-strang'])('resumes byte-identically with the %s integrator (its own state included)', async (integrator) => {
    const base = freshDirectory();
    const configured = [...overrides, `flow.integrator=${integrator}`];
    const reference = join(base, 'reference');
    expect((await runCli(['run', ...withOverrides(...configured), '--out', reference])).code).toBe(0);
    const out = join(base, 'interrupted');
    const controller = new AbortController();
    await runExperiment({}, { overrides: configured, out, checkpointEvery: 3, signal: controller.signal, onProgress: ({ step }) => step === 8 && controller.abort() });
    const checkpoint = JSON.parse(readFileSync(join(out, 'checkpoint.json'), 'utf8'));
    // Leimkuhler–Matthews carries the previous noise ξ_n between steps: it must be in the checkpoint.
    if (integrator === 'leimkuhler-matthews') expect(checkpoint.integrator).toHaveLength(40 * 6);
    expect((await runCli(['resume', out, '--no-progress'])).code).toBe(0);
    expect(files(out)).toEqual(files(reference));
  });

  it('refuses bad input with exit 2 and a precise message, writing nothing', async () => {
    const base = freshDirectory();
    const notARun = await runCli(['resume', base, '--no-progress']);
    expect(notARun.code).toBe(2);
    expect(notARun.stderr).toContain('this folder is not a run');

    const out = join(base, 'run');
    const controller = new AbortController();
    await runExperiment({}, { overrides, out, checkpointEvery: 4, signal: controller.signal, onProgress: ({ step }) => step === 6 && controller.abort() });
    const path = join(out, 'checkpoint.json');
    const original = readFileSync(path, 'utf8');
    const snapshot = () => ['metrics.jsonl', 'particles.json', 'summary.json', 'config.json'].map((name) => readFileSync(join(out, name), 'utf8'));
    const before = snapshot();
    const expectRefused = async (text: string, message: string) => {
      writeFileSync(path, text);
      const { code, stderr } = await runCli(['resume', out, '--no-progress']);
      expect(code).toBe(2);
      expect(stderr).toContain(message);
      expect(snapshot()).toEqual(before);
    };
    const checkpoint = JSON.parse(original);
    // One flipped particle coordinate: the checksum no longer matches.
    const theta = Buffer.from(checkpoint.theta, 'base64');
    theta[3] ^= 1;
    await expectRefused(JSON.stringify({ ...checkpoint, theta: theta.toString('base64') }), 'checkpoint is corrupted or was edited');
    await expectRefused(original.slice(0, original.length / 2), 'this one is corrupted');
    await expectRefused(JSON.stringify({ nothing: 1 }), 'not an mfpg checkpoint');
    // Another version, with a consistent checksum (as that version would have written it).
    const { makeCheckpoint, snapshotOf } = await import('../packages/mfpg/src/checkpoints');
    const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'));
    const other = makeCheckpoint(snapshotOf(checkpoint), checkpoint.t, config, '9.9.9', checkpoint.metricsBytes, 4);
    await expectRefused(JSON.stringify(other), 'resume it with mfpg 9.9.9');
    rmSync(path);
    const missing = await runCli(['resume', out, '--no-progress']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('started without --checkpoint-every');
    expect(existsSync(path)).toBe(false);

    const bad = await runCli(['run', ...withOverrides(...overrides), '--checkpoint-every', '0', '--out', join(base, 'never')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--checkpoint-every');
    expect(existsSync(join(base, 'never'))).toBe(false);
  });

  it('refuses to resume a completed run', async () => {
    const out = join(freshDirectory(), 'done');
    expect((await runCli(['run', ...withOverrides(...overrides), '--checkpoint-every', '5', '--out', out])).code).toBe(0);
    const { code, stderr } = await runCli(['resume', out, '--no-progress']);
    expect(code).toBe(2);
    expect(stderr).toContain('already completed');
  });
});
