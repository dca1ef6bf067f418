import { defaultConfig, type StepEvent } from '@mfpg/core';
import { map, Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MonitorSession } from './monitor-session';
import { testStep } from './pipeline/test-steps';
import type { ResolvedMonitor } from './resolve-monitor';
import type { SinkDefinition } from './sinks/sink-definition';
import { StopConditions } from './stop/stop-conditions';

const context = { config: defaultConfig, directory: '/nonexistent', totalSteps: 10 };

function sink(name: string, create: SinkDefinition['create']): ResolvedMonitor['sinks'][number] {
  return { name, options: {}, definition: { name, description: name, options: z.object({}), create } };
}

describe('MonitorSession', () => {
  it('keeps the flow going when a sink hook throws, reporting it on that sink only', async () => {
    const written: number[] = [];
    const monitor: ResolvedMonitor = {
      metrics: [{ name: 'value', operator: map((event: StepEvent) => ({ step: event.step, t: event.t, values: { value: event.value } })) }],
      sinks: [
        sink('broken', () => ({
          onStep: (event) => {
            if (event.step === 2) throw new Error('terminal gone');
          },
        })),
        sink('rows', () => ({ write: (row) => void written.push(row.step) })),
      ],
      stop: new StopConditions({}),
    };
    let stopRequests = 0;
    const session = new MonitorSession(monitor, context, { requestStop: () => stopRequests++ });
    const steps$ = new Subject<StepEvent>();
    session.attach(steps$);
    for (let step = 0; step < 5; step++) steps$.next(testStep(step));
    steps$.complete();
    const reports = await session.finish('completed');
    expect(written).toEqual([0, 1, 2, 3, 4]);
    expect(reports.broken.error).toBe('terminal gone');
    expect(reports.rows).toEqual({ written: 5, dropped: 0, highWater: 0, error: null });
    expect(stopRequests).toBe(0);
  });

  it('asks the flow to stop once on a stop condition and once on a failing metric', () => {
    const steps$ = new Subject<StepEvent>();
    let stopRequests = 0;
    const target: ResolvedMonitor = {
      metrics: [{ name: 'value', operator: map((event: StepEvent) => ({ step: event.step, t: event.t, values: { value: event.value } })) }],
      sinks: [],
      stop: new StopConditions({ target: { metric: 'value', value: 2, direction: 'above' } }),
    };
    const stopping = new MonitorSession(target, context, { requestStop: () => stopRequests++ });
    stopping.attach(steps$);
    for (let step = 0; step < 5; step++) steps$.next(testStep(step));
    expect(stopping.stopped).toMatchObject({ condition: 'target', step: 2 });
    expect(stopRequests).toBe(1);

    const failing = new Subject<StepEvent>();
    const broken: ResolvedMonitor = {
      metrics: [
        {
          name: 'ksd',
          operator: map((event: StepEvent) => {
            if (event.step === 1) throw new RangeError('bandwidth 0');
            return { step: event.step, t: event.t, values: {} };
          }),
        },
      ],
      sinks: [],
      stop: new StopConditions({}),
    };
    const session = new MonitorSession(broken, context, { requestStop: () => stopRequests++ });
    session.attach(failing);
    for (let step = 0; step < 3; step++) failing.next(testStep(step));
    expect(session.failure?.message).toBe('plugin metric ksd: failed at step 1 (t = 0.5): bandwidth 0');
    expect(stopRequests).toBe(2);
  });

  it('attachRows: rows computed elsewhere go to the sinks\' write (no step hooks), and their stream failing is a MetricFailure of the source that stops the flow', async () => {
    const written: number[] = [];
    let hooks = 0;
    const monitor: ResolvedMonitor = {
      metrics: [],
      sinks: [sink('rows', () => ({ write: (row) => void written.push(row.step), onStep: () => void hooks++ }))],
      stop: new StopConditions({}),
    };
    let stopRequests = 0;
    const session = new MonitorSession(monitor, context, { requestStop: () => stopRequests++ });
    const rows$ = new Subject<{ step: number; t: number; [key: string]: number }>();
    session.attachRows(rows$, 'replicas');
    rows$.next({ step: 0, t: 0, distance: 2 });
    rows$.next({ step: 5, t: 0.25, distance: 1 });
    rows$.error(new Error('clouds of different sizes'));
    await session.finish('failed');
    expect(written).toEqual([0, 5]);
    expect(hooks).toBe(0);
    expect(session.last).toEqual({ step: 5, t: 0.25, distance: 1 });
    expect(stopRequests).toBe(1);
    expect(session.failure?.message).toBe('plugin metric replicas: failed at step 5 (t = 0.25): clouds of different sizes');
  });
});
