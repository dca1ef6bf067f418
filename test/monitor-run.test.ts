import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bindPlugin, type MonitorContribution } from '@mfpg/core';
import type { MonitorRow, SinkDefinition } from '@mfpg/monitor';
import { ContainerModule } from 'inversify';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import packageJson from '../packages/mfpg/package.json';
import { readCheckpoint } from '../packages/mfpg/src/checkpoints';
import { runExperiment } from '../packages/mfpg/src/run-experiment';
import { freshDirectory, readJsonl, runCli, smallProblem, smallRun } from './helpers';

const fragilePlugin = join(import.meta.dirname, 'fixtures', 'fragile-metric-plugin.mjs');

describe('mfpg run with a monitor pipeline from the config', () => {
  it('logs extra metrics under namespaced keys, writes CSV and plots, and `mfpg plot` redraws them', async () => {
    const base = freshDirectory();
    const configPath = join(base, 'config.json');
    writeFileSync(configPath, JSON.stringify({ monitor: { metrics: [{ name: 'w2-successive', every: 10 }], sinks: { csv: {}, plots: { formats: ['svg', 'png'], snapshots: 2 } } } }));
    const out = join(base, 'run');
    const { code } = await runCli(['run', configPath, ...smallRun, '--out', out]);
    expect(code).toBe(0);
    const files = readdirSync(out);
    for (const file of ['metrics.jsonl', 'metrics.csv', 'clouds.json', 'policy.json', 'value-objective.svg', 'value-objective.png', 'convergence.svg', 'policy.png', 'particles.svg']) {
      expect(files).toContain(file);
    }
    const rows = readJsonl(join(out, 'metrics.jsonl'));
    expect(rows.map((row) => row.step)).toEqual([0, 5, 10, 15, 20]);
    for (const row of rows) for (const key of ['step', 't', 'value', 'objective', 'kl', 'gradNorm']) expect(Number.isFinite(row[key]), key).toBe(true);
    // w2-successive every 10 steps: on steps 10 and 20 (its first kept step has no predecessor).
    expect(rows.filter((row) => Object.keys(row).some((key) => key.startsWith('distance/'))).map((row) => row.step)).toEqual([10, 20]);
    const csv = readFileSync(join(out, 'metrics.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(rows.length + 1);
    expect(csv[0].split(',').slice(0, 7)).toEqual(['step', 't', 'value', 'objective', 'kl', 'entropy', 'gradNorm']);
    const policy = JSON.parse(readFileSync(join(out, 'policy.json'), 'utf8'));
    expect([policy.step, policy.states.length, policy.actions.length]).toEqual([20, 12, 12]);
    // The final policy is a probability density w.r.t. μ: Σ_k ω_k e^{ℓ(s,a_k)} = 1 with ω_k = 1/12 (uniform torus grid).
    for (const row of policy.logPolicy) expect(row.reduce((sum: number, l: number) => sum + Math.exp(l) / 12, 0)).toBeCloseTo(1, 12);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.sinks.csv).toMatchObject({ written: 5, dropped: 0 });

    rmSync(join(out, 'policy.png'));
    const plot = await runCli(['plot', out, '--formats', 'png']);
    expect(plot.code).toBe(0);
    expect(existsSync(join(out, 'policy.png'))).toBe(true);
    expect((await runCli(['plot', base])).code).toBe(2);
  });

  it('stops early on a stop condition with status stopped and exit 0', async () => {
    const out = join(freshDirectory(), 'run');
    // J ≥ −1000 holds at once: the run stops after the first logged row.
    const { code, stdout } = await runCli(['run', ...smallRun, '--set', 'monitor.stop.target.value=-1000', '--out', out]);
    expect(code).toBe(0);
    expect(stdout).toContain('stopped by monitor.stop.target');
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ status: 'stopped', steps: 1, stop: { condition: 'target', step: 0 } });
  });

  it('reports a metric that throws mid-run by name and step, exit 1, keeping what was logged', async () => {
    const out = join(freshDirectory(), 'run');
    const { code, stderr } = await runCli(['run', ...smallRun, '--plugin', fragilePlugin, '--set', 'monitor.metrics=[{"name":"fragile"}]', '--out', out]);
    expect(code).toBe(1);
    expect(stderr).toContain('metric fragile: failed at step 10 (t = 0.5): the estimator found no neighbours');
    const rows = readJsonl(join(out, 'metrics.jsonl'));
    // Step 10's row holds what the metrics before `fragile` computed; the run stopped after it.
    expect(rows.map((row) => row.step)).toEqual([0, 5, 10]);
    expect(rows.map((row) => row['test/fragile'])).toEqual([0, 5, undefined]);
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'))).toMatchObject({ status: 'failed', final: { step: 10 } });
    expect(existsSync(join(out, 'particles.json'))).toBe(true);
  });

  it('rejects unknown metric and sink names, a cadence ≤ 0 and an unwritable folder with exit 2, naming the field', async () => {
    const base = freshDirectory();
    const unknown = await runCli(['run', ...smallRun, '--set', 'monitor.metrics=[{"name":"stien"}]', '--set', 'monitor.sinks.tensorboard={}', '--out', join(base, 'a')]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/monitor\.metrics\.0\.name: given "stien"; allowed: one of .*stein/);
    expect(unknown.stderr).toMatch(/monitor\.sinks\.tensorboard: .*csv, jsonl, plots, progress/);
    expect(existsSync(join(base, 'a'))).toBe(false);
    const cadence = await runCli(['run', ...smallRun, '--set', 'monitor.metrics=[{"name":"stein","every":0}]', '--out', join(base, 'b')]);
    expect(cadence.code).toBe(2);
    expect(cadence.stderr).toContain('monitor.metrics.0.every');
    writeFileSync(join(base, 'file'), 'not a folder');
    const unwritable = await runCli(['run', ...smallRun, '--out', join(base, 'file', 'run')]);
    expect(unwritable.code).toBe(2);
    expect(unwritable.stderr).toContain('--out');
  });
});

describe('resuming a run with a csv sink', () => {
  it('rebuilds metrics.csv from the checkpoint so it equals the uninterrupted run\'s', async () => {
    const base = freshDirectory();
    const input = { monitor: { every: 1, sinks: { csv: {} } } };
    const overrides = [...smallProblem.filter((o) => !o.startsWith('monitor.')), 'particles.count=40'];
    const reference = join(base, 'reference');
    await runExperiment(input, { overrides, out: reference });
    const out = join(base, 'run');
    const controller = new AbortController();
    await runExperiment(input, { overrides, out, checkpointEvery: 5, signal: controller.signal, onProgress: ({ step }) => void (step === 13 && controller.abort()) });
    const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'));
    await runExperiment(config, { out, resume: readCheckpoint(out, config, packageJson.version) });
    const csv = (dir: string) => readFileSync(join(dir, 'metrics.csv'), 'utf8');
    expect(csv(out).split('\n')).toHaveLength(23);
    expect(csv(out)).toBe(csv(reference));
  });
});

describe('contributions from code', () => {
  it('attaches MonitorContribution plugins to the step stream and detaches them at the end', async () => {
    const seen: number[] = [];
    let closed = false;
    const contribution: MonitorContribution = {
      name: 'step-counter',
      attach: (steps$) => {
        const subscription = steps$.subscribe((event) => seen.push(event.step));
        subscription.add(() => {
          closed = true;
        });
        return subscription;
      },
    };
    await runExperiment(
      {},
      {
        overrides: [...smallProblem, 'particles.count=40'],
        out: join(freshDirectory(), 'run'),
        modules: [new ContainerModule((options) => bindPlugin(options, { point: 'monitorContribution', name: contribution.name, description: 'counts steps (test)' }, { useValue: contribution }))],
      },
    );
    // Steps 0…19, then the final state (step 20).
    expect(seen).toEqual(Array.from({ length: 21 }, (_, i) => i));
    expect(closed).toBe(true);
  });
});

describe('backpressure in a real run', () => {
  it('a sink far slower than the flow neither blocks it nor queues more than its capacity, and gets the final row', async () => {
    const received: number[] = [];
    let rowsWhenFlowEnded = -1;
    const slowSink: SinkDefinition = {
      name: 'slow',
      description: 'takes 100 ms per row (test)',
      options: z.object({}).strict(),
      create: () => ({
        write: async (row: MonitorRow) => {
          received.push(row.step);
          await new Promise((resolve) => setTimeout(resolve, 100));
        },
      }),
    };
    const logged: number[] = [];
    const result = await runExperiment(
      { monitor: { every: 1, sinks: { slow: {} } } },
      {
        overrides: [...smallProblem.filter((o) => !o.startsWith('monitor.')), 'particles.count=40'],
        out: join(freshDirectory(), 'run'),
        modules: [new ContainerModule((options) => bindPlugin(options, { point: 'sink', name: slowSink.name, description: slowSink.description, params: slowSink.options }, { useValue: slowSink }))],
        sinkQueueCapacity: 4,
        onMetrics: (row) => {
          logged.push(row.step);
          if (row.step === 20) rowsWhenFlowEnded = received.length;
        },
      },
    );
    expect(result.summary.status).toBe('completed');
    expect(logged).toEqual(Array.from({ length: 21 }, (_, i) => i));
    // The flow logged all 21 rows while the sink had taken only a few: it did not wait for it.
    expect(rowsWhenFlowEnded).toBeLessThan(21);
    const report = result.summary.sinks.slow;
    expect(report.highWater).toBeLessThanOrEqual(4);
    expect(report.written + report.dropped).toBe(21);
    expect(report.dropped).toBeGreaterThan(0);
    expect(received.at(-1)).toBe(20);
    // The jsonl sink (synchronous) kept every row.
    expect(readJsonl(join(result.directory, 'metrics.jsonl'))).toHaveLength(21);
  });
});
