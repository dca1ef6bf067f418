import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExperiment } from '../packages/mfpg/src/run-experiment';
import { freshDirectory, readJsonl, runCli } from './helpers';

/**
 * The metrics that keep memory between kept steps (w2-successive: the previous cloud;
 * exponential-rate: the path of J; monotonicity: previous/best J and the count; energy-dissipation:
 * the previous kept step) save it in the checkpoint, so a resumed run writes the same bytes as an
 * uninterrupted one. Small B3: 8×8 grid, 30 particles, 40 steps (horizon 2), metrics every 5.
 */
const overrides = ['env.grid.states=8', 'env.grid.actions=8', 'flow.horizon=2', 'particles.count=30', 'monitor.every=5'];
const input = {
  monitor: {
    metrics: [
      { name: 'w2-successive', every: 5 },
      { name: 'exponential-rate', every: 5 },
      { name: 'monotonicity', every: 5 },
      { name: 'energy-dissipation', every: 5 },
    ],
  },
};
const files = (dir: string) => ['metrics.jsonl', 'particles.json'].map((name) => readFileSync(join(dir, name), 'utf8'));

describe('checkpoints keep the memory of the monitor.metrics', () => {
  it('an interrupted run and a run killed between checkpoints resume to byte-identical metrics.jsonl', async () => {
    const base = freshDirectory();
    const reference = join(base, 'reference');
    const full = await runExperiment(input, { overrides, out: reference });
    expect(full.summary.status).toBe('completed');
    expect(full.summary.steps).toBe(40);
    // Every memory-carrying column is present after the first kept steps (else the test proves nothing).
    const last = readJsonl(join(reference, 'metrics.jsonl')).at(-1) as Record<string, number>;
    for (const key of ['distance/w2-successive', 'rate/lambda', 'monotonicity/previous-step', 'energy/dj-dt']) expect(key in last).toBe(true);

    // Interrupted at step 23: the checkpoint of step 24 holds the metrics' state after step 20.
    const out = join(base, 'interrupted');
    const controller = new AbortController();
    const interrupted = await runExperiment(input, {
      overrides,
      out,
      checkpointEvery: 10,
      signal: controller.signal,
      onProgress: ({ step }) => {
        if (step === 23) controller.abort();
      },
    });
    expect(interrupted.summary.status).toBe('interrupted');
    const checkpoint = JSON.parse(readFileSync(join(out, 'checkpoint.json'), 'utf8'));
    expect(checkpoint.step).toBe(24);
    expect(Object.keys(checkpoint.metricMemory)).toEqual(['0/w2-successive', '1/exponential-rate', '2/monotonicity', '3/energy-dissipation']);
    expect(checkpoint.metricMemory['1/exponential-rate'].times).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(checkpoint.metricMemory['2/monotonicity'].previous.step).toBe(20);

    const resumed = await runCli(['resume', out, '--no-progress']);
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(files(out)).toEqual(files(reference));

    // Killed at step 27: the step-20 checkpoint and rows of steps up to 27 are on disk, no summary.
    const killed = join(base, 'killed');
    const saved = join(base, 'saved');
    await runExperiment(input, {
      overrides,
      out: killed,
      checkpointEvery: 10,
      onProgress: ({ step }) => {
        if (step !== 27) return;
        copyFileSync(join(killed, 'checkpoint.json'), `${saved}.checkpoint`);
        copyFileSync(join(killed, 'metrics.jsonl'), `${saved}.metrics`);
      },
    });
    copyFileSync(`${saved}.checkpoint`, join(killed, 'checkpoint.json'));
    copyFileSync(`${saved}.metrics`, join(killed, 'metrics.jsonl'));
    rmSync(join(killed, 'summary.json'));
    rmSync(join(killed, 'particles.json'));
    expect(JSON.parse(readFileSync(join(killed, 'checkpoint.json'), 'utf8')).step).toBe(20);
    expect((await runCli(['resume', killed, '--no-progress'])).code).toBe(0);
    expect(files(killed)).toEqual(files(reference));
  });
});
