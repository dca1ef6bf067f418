import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runReplicaExperiment } from '../packages/mfpg/src/replicas/run-replica-experiment';
import { abortingAt, freezeAsKilledAt, freshDirectory, readJsonl, runCli, smallProblem, uninterruptedRun } from './helpers';

/**
 * 20 steps of the small B3 problem, two replicas with shared noise from different initial laws, a
 * row at every step (so truncation is exercised in all three metrics.jsonl) and SVG plots (so the
 * particle clouds the plots sink keeps must survive the resume).
 */
const overrides = [
  ...smallProblem,
  'particles.count=20',
  'monitor.every=1',
  'replicas.count=2',
  'replicas.noise=shared',
  'replicas.overrides=[["particles.init.mean=1"],["particles.init.mean=-1"]]',
  'monitor.sinks.plots={"formats":["svg"]}',
];
/** Every file whose bytes an uninterrupted run fixes: the distances, and each replica's rows, particles and kept clouds. */
const files = (dir: string) =>
  ['metrics.jsonl', ...[0, 1].flatMap((k) => ['metrics.jsonl', 'particles.json', 'clouds.json'].map((name) => join(`replica-${k}`, name)))].map((name) => readFileSync(join(dir, name), 'utf8'));

const uninterrupted = (base: string) => uninterruptedRun(base, overrides);

describe('checkpoints and mfpg resume of a replica run', () => {
  it('an interrupted replica run (abort at step 13) resumes to byte-identical distances, rows, particles and clouds', async () => {
    const base = freshDirectory();
    const reference = await uninterrupted(base);
    const out = join(base, 'interrupted');
    const result = await runReplicaExperiment({}, { overrides, out, checkpointEvery: 5, ...abortingAt(13) });
    // The interruption happened: an interrupted summary, the particles where it stopped, a checkpoint there.
    expect(result.summary.status).toBe('interrupted');
    expect(result.summary.steps).toBe(14);
    expect(JSON.parse(readFileSync(join(out, 'replica-1', 'particles.json'), 'utf8')).step).toBe(14);
    const checkpoint = JSON.parse(readFileSync(join(out, 'checkpoint.json'), 'utf8'));
    expect(checkpoint.format).toBe('mfpg-replica-checkpoint/1');
    expect(checkpoint.step).toBe(14);
    expect(checkpoint.replicas.map((replica: { step: number }) => replica.step)).toEqual([14, 14]);
    expect(files(out)).not.toEqual(files(reference));

    const resumed = await runCli(['resume', out, '--no-progress']);
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain('resumed at step 14, completed 20/20 steps');
    expect(files(out)).toEqual(files(reference));
    expect(readJsonl(join(out, 'metrics.jsonl')).map((row) => row.step)).toEqual(Array.from({ length: 21 }, (_, i) => i));
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).status).toBe('completed');
  });

  it('a replica run killed between checkpoints (rows past the checkpoint, no summary) resumes byte-identically', async () => {
    const base = freshDirectory();
    const reference = await uninterrupted(base);
    const out = join(base, 'killed');
    // Freeze the folder as a kill -9 at step 13 leaves it: the step-10 checkpoint, rows of steps 0…13, no summaries.
    const frozen = ['checkpoint.json', 'metrics.jsonl', join('replica-0', 'metrics.jsonl'), join('replica-1', 'metrics.jsonl')];
    const removed = ['summary.json', ...[0, 1].flatMap((k) => ['summary.json', 'particles.json', 'clouds.json'].map((file) => join(`replica-${k}`, file)))];
    await freezeAsKilledAt(out, 13, frozen, removed, (onProgress) => runReplicaExperiment({}, { overrides, out, checkpointEvery: 5, onProgress }));
    expect(JSON.parse(readFileSync(join(out, 'checkpoint.json'), 'utf8')).step).toBe(10);
    expect(readJsonl(join(out, 'replica-0', 'metrics.jsonl'))).toHaveLength(14);

    const resumed = await runCli(['resume', out, '--no-progress']);
    expect(resumed.code).toBe(0);
    // Without the clouds a closed run leaves, the cloud plot starts at the checkpoint; the numbers do not change.
    const numbers = (dir: string) => files(dir).filter((_, k) => ![3, 6].includes(k));
    expect(numbers(out)).toEqual(numbers(reference));
  });

  it('refuses a damaged checkpoint or a replica folder that does not match it, with exit 2, writing nothing', async () => {
    const out = join(freshDirectory(), 'run');
    await runReplicaExperiment({}, { overrides, out, checkpointEvery: 4, ...abortingAt(6) });
    const path = join(out, 'checkpoint.json');
    const original = readFileSync(path, 'utf8');
    const before = files(out);
    const expectRefused = async (message: string) => {
      const { code, stderr } = await runCli(['resume', out, '--no-progress']);
      expect(code).toBe(2);
      expect(stderr).toContain(message);
      expect(files(out)).toEqual(before);
    };
    const checkpoint = JSON.parse(original);
    // One flipped particle coordinate of replica 1: the checksum no longer matches.
    const theta = Buffer.from(checkpoint.replicas[1].theta, 'base64');
    theta[3] ^= 1;
    writeFileSync(path, JSON.stringify({ ...checkpoint, replicas: [checkpoint.replicas[0], { ...checkpoint.replicas[1], theta: theta.toString('base64') }] }));
    await expectRefused('checkpoint is corrupted or was edited');
    writeFileSync(path, JSON.stringify({ ...checkpoint, format: 'mfpg-checkpoint/2' }));
    await expectRefused('mfpg-replica-checkpoint/1');
    // Replica 1's rows cut below what the checkpoint recorded.
    writeFileSync(path, original);
    const rows = join(out, 'replica-1', 'metrics.jsonl');
    const text = readFileSync(rows, 'utf8');
    writeFileSync(rows, text.slice(0, 10));
    const { code, stderr } = await runCli(['resume', out, '--no-progress']);
    expect(code).toBe(2);
    expect(stderr).toContain(join('replica-1', 'metrics.jsonl'));
    writeFileSync(rows, text);
    expect(files(out)).toEqual(before);
  });
});
