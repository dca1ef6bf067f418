import 'reflect-metadata';
import { join } from 'node:path';
import { scheduledValue } from '@mfpg/core';
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../packages/mfpg/src/policy/load-policy';
import { runExperiment } from '../packages/mfpg/src/run-experiment';
import { freshDirectory } from './helpers';

describe('loadPolicy', () => {
  it('uses the τ the final particles were evaluated with: τ(t_final) under schedules.tau', async () => {
    const tauSchedule = { kind: 'exponential', rate: 2, final: 0.02 } as const;
    const out = join(freshDirectory(), 'run');
    const { summary } = await runExperiment(
      { particles: { count: 20 }, env: { grid: { states: 8, actions: 8 } }, flow: { horizon: 0.5 }, schedules: { tau: tauSchedule }, monitor: { sinks: { progress: false, plots: false } } },
      { out },
    );
    expect(summary.status).toBe('completed');
    const { policy, config } = loadPolicy(out);
    const finalT = summary.final!.t as number;
    expect(finalT).toBeGreaterThan(0.49);
    // τ fell from 0.1 towards 0.02: the configured τ would give another policy.
    expect(policy.tau).toBe(scheduledValue(tauSchedule, config.regularization.tau, finalT));
    expect(policy.tau).toBeLessThan(0.5 * config.regularization.tau);
  });
});
