import { ConfigError, createRandom, type Environment, GaussianPrior, resolveConfig, type StepEvent } from '@mfpg/core';
import { from, lastValueFrom, type OperatorFunction, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { MetricContext, MetricMemory, MetricRow } from '../metric-definition';
import { energyDissipation } from '../metrics/energy-dissipation';
import { exponentialRate } from '../metrics/exponential-rate';
import { metricDefinitions } from '../metrics/index';
import { decodeNumber, encodeFloats, encodeNumber, exactNumberSchema, floatsSchema } from '../metrics/metric-memory-codec';
import { monotonicityCheck } from '../metrics/monotonicity-check';
import { fakeStep } from '../metrics/testing/step-fixtures';
import { wassersteinSuccessive } from '../metrics/wasserstein-successive';
import { resolveMonitor } from '../resolve-monitor';
import { builtInSinks } from '../sinks/built-in-sinks';
import { MetricMemories } from './metric-memories';

/** 12 steps of a drifting, contracting cloud of 60 particles in 2-D, with a rising value F. */
function steps(): StepEvent[] {
  const rng = createRandom(7);
  const base = new Float64Array(60 * 2);
  rng.fillNormal(base);
  const drift = new Float64Array(base.length);
  rng.fillNormal(drift);
  return Array.from({ length: 12 }, (_, step) => {
    const theta = base.map((x, k) => x * Math.exp(-0.1 * step) + 0.05 * step * (k % 2));
    return fakeStep({ step, theta, dim: 2, drift, value: 1 - Math.exp(-0.3 * step) + (step === 7 ? -0.5 : 0), final: step === 11 });
  });
}

const rowsOf = (events: StepEvent[], operator: OperatorFunction<StepEvent, MetricRow>) => lastValueFrom(from(events).pipe(operator, toArray()));

/** A memory restored from `restored` that records what the metric registers. */
function memoryOf(restored: unknown): MetricMemory & { snapshot: () => unknown } {
  let keeper: () => unknown = () => undefined;
  return { restored, keep: (snapshot) => (keeper = snapshot), snapshot: () => keeper() };
}

const prior = new GaussianPrior(1);
const metrics: [string, (memory?: MetricMemory) => OperatorFunction<StepEvent, MetricRow>][] = [
  ['w2-successive', (memory) => wassersteinSuccessive({ every: 2 }, memory)],
  ['exponential-rate', (memory) => exponentialRate({ every: 2, sigma: 0.5, prior }, memory)],
  ['monotonicity', (memory) => monotonicityCheck({ every: 2, sigma: 0.5, prior }, memory)],
  ['energy-dissipation', (memory) => energyDissipation({ every: 2, sigma: 0.5, prior }, memory)],
];

describe('metric memory through checkpoints', () => {
  it('doubles round-trip bit-exactly through JSON (numbers, NaN, ±Infinity, −0, base64 arrays)', () => {
    const values = [0.1 + 0.2, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 5e-324, Number.MAX_VALUE, -1 / 3];
    const back = JSON.parse(JSON.stringify(values.map(encodeNumber))).map((value: never) => exactNumberSchema.parse(value));
    back.forEach((value: number, i: number) => expect(Object.is(value, values[i])).toBe(true));
    expect(Object.is(decodeNumber('-0'), -0)).toBe(true);
    const floats = Float64Array.from(values);
    const decoded = floatsSchema.parse(JSON.parse(JSON.stringify(encodeFloats(floats))));
    expect(Buffer.from(decoded.buffer).equals(Buffer.from(floats.buffer))).toBe(true);
  });

  it.each(metrics)('%s continues from its JSON snapshot exactly as without the cut', async (_name, create) => {
    const events = steps();
    const whole = await rowsOf(events, create());
    // Cut after step 6 (kept steps 0, 2, 4, 6 seen), as a checkpoint at step 7 does.
    const first = memoryOf(undefined);
    await rowsOf(events.slice(0, 7), create(first));
    const saved = JSON.parse(JSON.stringify(first.snapshot()));
    const rest = await rowsOf(events.slice(7), create(memoryOf(saved)));
    expect(rest.length).toBeGreaterThan(0);
    expect(rest).toEqual(whole.filter((row) => row.step >= 7));
    // Without the memory the continuation differs (the state matters, so the test can fail).
    expect(await rowsOf(events.slice(7), create())).not.toEqual(rest);
  });

  it('refuses a snapshot of the wrong shape with a ConfigError naming the metric, before any step', () => {
    const config = resolveConfig({ monitor: { metrics: [{ name: 'objective' }, { name: 'w2-successive', every: 5 }, { name: 'monotonicity' }] } });
    const context: MetricContext = { config, prior, environment: {} as Environment };
    const resolve = (restored: Record<string, unknown>) => () => resolveMonitor(config, metricDefinitions, builtInSinks, context, restored);
    const issues = (restored: Record<string, unknown>) => {
      try {
        resolve(restored)();
      } catch (error) {
        if (error instanceof ConfigError) return error.issues;
        throw error;
      }
      throw new Error('no ConfigError');
    };
    expect(resolve({ '1/w2-successive': { previous: '', previousT: 'NaN' }, '2/monotonicity': { previous: null, best: null, violations: 0 } })).not.toThrow();
    const wrong = issues({ '1/w2-successive': { previous: 'AAAA', previousT: 'soon' }, '2/monotonicity': { previous: null, best: null, violations: -1 } });
    expect(wrong.map((issue) => issue.field)).toEqual(['monitor.metrics.1 (its state saved in the checkpoint)', 'monitor.metrics.2 (its state saved in the checkpoint)']);
    expect(wrong[0].allowed).toContain('previous: base64 of float64 bytes (a multiple of 8 bytes)');
    expect(wrong[0].allowed).toContain('previousT: a number, or "NaN"');
    expect(wrong[1].allowed).toContain('violations');
    // A state saved for a metric that is not configured there (index/name).
    expect(issues({ '0/w2-successive': { previous: '', previousT: 'NaN' } }).map((issue) => issue.field)).toEqual(['checkpoint: metricMemory.0/w2-successive']);
  });

  it('collects one snapshot per configured metric that keeps memory, keyed index/name', () => {
    const memories = new MetricMemories({ '1/rate': [1] });
    expect(memories.memory(1, 'rate').restored).toEqual([1]);
    expect(memories.memory(0, 'rate').restored).toBeUndefined();
    let count = 0;
    memories.memory(1, 'rate').keep(() => ({ count }));
    count = 3;
    expect(memories.snapshots()).toEqual({ '1/rate': { count: 3 } });
    expect(memories.unclaimed(['1/rate'])).toEqual([]);
    expect(memories.unclaimed(['0/rate'])).toEqual(['1/rate']);
  });
});
