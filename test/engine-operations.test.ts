import type { StepEvent } from '@mfpg/core';
import { describe, expect, it } from 'vitest';
import { createFlow } from '../packages/mfpg/src/create-flow';
import { smallProblem } from './helpers';

/** The small B3 problem (20 steps) with few particles; `extra` adds overrides. */
const flowOf = (...extra: string[]) => createFlow({}, { overrides: [...smallProblem, 'particles.count=12', ...extra] }).engine;

/** A Monte Carlo evaluator draws from the run's random stream at every evaluation. */
const monteCarlo = ['evaluator.name=monte-carlo', 'evaluator.params={"states":16,"actionsPerState":2}'];

/** Every published (step, final, value) of an engine's run, and its final particles. */
async function record(engine: ReturnType<typeof flowOf>, between?: (step: number) => Promise<void>): Promise<{ events: [number, boolean, number][]; theta: Float64Array }> {
  const events: [number, boolean, number][] = [];
  engine.steps$.subscribe((event: StepEvent) => events.push([event.step, event.final, event.value]));
  while (!engine.done) {
    await engine.advance();
    await between?.(engine.step);
  }
  await engine.finish();
  return { events, theta: Float64Array.from(engine.theta) };
}

describe('engine.evaluate: F of the current particles, nothing moved or consumed', () => {
  it.each([
    ['grid', [] as string[]],
    ['monte-carlo', monteCarlo],
  ])('with the %s evaluator it equals the F the next step publishes, leaves θ and the step as they were, and changes no later number', async (_, extra) => {
    const twin = await record(flowOf(...extra));
    const engine = flowOf(...extra);
    const evaluated: [number, number][] = [];
    const observed = await record(engine, async (step) => {
      if (step % 3 !== 0 || engine.done) return;
      const before = Float64Array.from(engine.theta);
      const first = (await engine.evaluate()).value;
      // Twice in a row: the same draws (a copy of the stream each time), so the same number.
      expect((await engine.evaluate()).value).toBe(first);
      expect(engine.theta).toEqual(before);
      expect(engine.step).toBe(step);
      evaluated.push([step, first]);
    });
    // Bit for bit the run without the evaluations: same published values, same final particles.
    expect(observed.events).toEqual(twin.events);
    expect(observed.theta).toEqual(twin.theta);
    // The published F at step n is an independent evaluation of the same particles with the same stream.
    expect(evaluated.length).toBeGreaterThan(3);
    for (const [step, value] of evaluated) expect(value).toBe(twin.events.find(([s]) => s === step)?.[2]);
  });
});

describe('engine.finish: the final state, published once', () => {
  it('at the horizon it publishes what run() publishes last, once, then completes steps$', async () => {
    const reference: StepEvent[] = [];
    const ran = flowOf();
    ran.steps$.subscribe((event) => reference.push({ ...event }));
    await ran.run();

    const engine = flowOf();
    const finals: StepEvent[] = [];
    let completed = 0;
    engine.steps$.subscribe({ next: (event) => event.final && finals.push({ ...event }), complete: () => completed++ });
    while (!engine.done) await engine.advance();
    expect(finals).toHaveLength(0);
    await engine.finish();
    expect(completed).toBe(1);
    expect(finals).toHaveLength(1);
    const last = reference.at(-1) as StepEvent;
    expect([finals[0].step, finals[0].t, finals[0].value, finals[0].gradNorm]).toEqual([last.step, last.t, last.value, last.gradNorm]);
    expect(last.final).toBe(true);
    await expect(engine.finish()).rejects.toThrow(/already finished/);
    await expect(engine.run()).rejects.toThrow(/already finished/);
  });

  it('before the horizon (a stopped run) it publishes the current step as final and ends the run', async () => {
    const engine = flowOf();
    const events: [number, boolean][] = [];
    engine.steps$.subscribe((event) => events.push([event.step, event.final]));
    for (let k = 0; k < 5; k++) await engine.advance();
    const theta = Float64Array.from(engine.theta);
    await engine.finish();
    expect(events).toEqual([...Array.from({ length: 5 }, (_, k): [number, boolean] => [k, false]), [5, true]]);
    expect(engine.theta).toEqual(theta);
    await expect(engine.advance()).rejects.toThrow(/already finished/);
  });
});
