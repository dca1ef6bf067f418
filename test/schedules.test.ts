import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, createContainer, Evaluator, FlowEngine, type GridPolicyEvaluation, Integrator, type IntegratorStep, resolveConfig, scheduledValue } from '@mfpg/core';
import { describe, expect, it } from 'vitest';
import { defaultModules } from '../packages/mfpg/src/default-modules';
import { runExperiment } from '../packages/mfpg/src/run-experiment';
import { freshDirectory, readJsonl, runCli, smallProblem, withOverrides } from './helpers';

const sigmaSchedule = { kind: 'exponential', rate: 1.5, final: 0.1 } as const;
const tauSchedule = { kind: 'inverse-log', timeScale: 0.25 } as const;
const dtSchedule = { kind: 'exponential', rate: 2, final: 0.02 } as const;
const scheduled = [
  `schedules.sigma=${JSON.stringify(sigmaSchedule)}`,
  `schedules.tau=${JSON.stringify(tauSchedule)}`,
  `schedules.dt=${JSON.stringify(dtSchedule)}`,
];
const small = { env: { grid: { states: 12, actions: 12 } }, particles: { count: 40 }, flow: { horizon: 1 } };

describe('schedules σ(t), τ(t), dt(t) in a run', () => {
  it('reach the integrator and the evaluator at every step, at their values at the step’s start t_n', async () => {
    const config = resolveConfig(small, scheduled);
    const container = createContainer(config, defaultModules);
    const seen: { sigma: number; dt: number }[] = [];
    const still = { name: 'recording', step: (step: IntegratorStep) => void seen.push({ sigma: step.sigma, dt: step.dt }) };
    container.rebind(Integrator).toConstantValue(still);
    const engine = container.get(FlowEngine);
    const times: number[] = [];
    const impliedTau: number[] = [];
    const logged: { sigma?: number; tau?: number; dt?: number }[] = [];
    // Only recorded here: an expect thrown inside an RxJS subscriber is rethrown asynchronously and
    // would not fail this test. Asserted after the run.
    engine.steps$.subscribe((event) => {
      times.push(event.t);
      logged.push({ sigma: event.sigma, tau: event.tau, dt: event.dt });
      // τ recovered from the evaluation itself: A = Q − τℓ − V on the grid (docs/math.md §1).
      const evaluation = event.evaluation as GridPolicyEvaluation;
      const ik = 5;
      const i = Math.floor(ik / 12);
      impliedTau.push((evaluation.Q[ik] - evaluation.A[ik] - evaluation.V[i]) / evaluation.logPolicy[ik]);
    });
    await engine.run();
    expect(logged).toEqual(times.map((t) => ({ sigma: scheduledValue(sigmaSchedule, 0.5, t), tau: scheduledValue(tauSchedule, 0.1, t), dt: scheduledValue(dtSchedule, 0.05, t) })));
    // t_{n+1} = t_n + dt(t_n) from 0 until the horizon 1 is reached.
    expect(times[0]).toBe(0);
    for (let n = 0; n + 1 < times.length; n++) expect(times[n + 1]).toBe(times[n] + scheduledValue(dtSchedule, 0.05, times[n]));
    expect(times.at(-2)!).toBeLessThan(1);
    expect(times.at(-1)!).toBeGreaterThanOrEqual(1 - 1e-9);
    expect(seen).toEqual(times.slice(0, -1).map((t) => ({ sigma: scheduledValue(sigmaSchedule, 0.5, t), dt: scheduledValue(dtSchedule, 0.05, t) })));
    // Recovering τ divides rounding in Q, A, V (|·| ≲ 10) by |ℓ| ≳ 1e-2: 1e-10 relative is ample,
    // and τ(t) falls from 0.1 to 0.1/ln(e + 4) ≈ 0.053, far beyond it.
    impliedTau.forEach((tau, n) => expect(Math.abs(tau - scheduledValue(tauSchedule, 0.1, times[n]))).toBeLessThan(1e-10));
  });

  it('logs σ, τ and dt in metrics.jsonl, with J = F − σ(t)²/2·KL; unscheduled runs keep their columns', async () => {
    const out = freshDirectory();
    expect((await runCli(['run', ...withOverrides(...smallProblem, 'particles.count=40', ...scheduled), '--out', out])).code).toBe(0);
    const rows = readJsonl(join(out, 'metrics.jsonl'));
    expect(rows.length).toBeGreaterThan(2);
    for (const row of rows) {
      const t = row.t as number;
      expect(row.sigma).toBe(scheduledValue(sigmaSchedule, 0.5, t));
      expect(row.tau).toBe(scheduledValue(tauSchedule, 0.1, t));
      expect(row.dt).toBe(scheduledValue(dtSchedule, 0.05, t));
      const sigma = row.sigma as number;
      expect(row.objective).toBeCloseTo((row.value as number) - 0.5 * sigma * sigma * (row.kl as number), 12);
    }
    expect(JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')).schedules).toEqual({ sigma: sigmaSchedule, tau: tauSchedule, dt: dtSchedule });
    const plain = freshDirectory();
    expect((await runCli(['run', ...withOverrides(...smallProblem, 'particles.count=40'), '--out', plain])).code).toBe(0);
    expect(Object.keys(readJsonl(join(plain, 'metrics.jsonl'))[0])).toEqual(['step', 't', 'value', 'objective', 'kl', 'entropy', 'gradNorm']);
  });

  it('a scheduled run interrupted at a checkpoint resumes to byte-identical metrics.jsonl and particles.json', async () => {
    const overrides = [...smallProblem, 'particles.count=40', 'monitor.every=1', ...scheduled];
    const files = (dir: string) => ['metrics.jsonl', 'particles.json'].map((name) => readFileSync(join(dir, name), 'utf8'));
    const base = freshDirectory();
    const reference = join(base, 'reference');
    expect((await runCli(['run', ...withOverrides(...overrides), '--out', reference])).code).toBe(0);
    const out = join(base, 'interrupted');
    const controller = new AbortController();
    const result = await runExperiment({}, { overrides, out, checkpointEvery: 3, signal: controller.signal, onProgress: ({ step }) => step === 7 && controller.abort() });
    expect(result.summary.status).toBe('interrupted');
    expect(JSON.parse(readFileSync(join(out, 'checkpoint.json'), 'utf8')).step).toBe(8);
    expect(files(out)).not.toEqual(files(reference));
    const resumed = await runCli(['resume', out, '--no-progress']);
    expect(resumed.code).toBe(0);
    expect(files(out)).toEqual(files(reference));
  });

  it('rejects bad schedules before any work (exit 2, naming the field)', async () => {
    const bad = await runCli(['run', ...withOverrides(...smallProblem, 'schedules.sigma={"kind":"exponential","rate":0}'), '--out', freshDirectory()]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/schedules\.sigma\.rate.*a number > 0/s);
    const unknownKind = await runCli(['run', ...withOverrides(...smallProblem, 'schedules.tau={"kind":"cosine"}'), '--out', freshDirectory()]);
    expect(unknownKind.code).toBe(2);
    expect(unknownKind.stderr).toMatch(/schedules\.tau\.kind.*constant, exponential, inverse-log/s);
  });

  it('refuses a τ schedule with an evaluator that cannot change τ', () => {
    const container = createContainer(resolveConfig(small, [scheduled[1]]), defaultModules);
    const fixed = { name: 'fixed-tau', evaluate: () => Promise.reject(new Error('not called')) };
    container.rebind(Evaluator).toConstantValue(fixed);
    expect(() => container.get(FlowEngine)).toThrow(ConfigError);
    expect(() => container.get(FlowEngine)).toThrow(/fixed-tau/);
  });
});
