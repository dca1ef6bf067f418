import 'reflect-metadata';
import { Environment, ParameterPrior, Unit } from '@mfpg/core';
import { type MetricRow, metricDefinitions } from '@mfpg/monitor';
import { createFlow } from 'mfpg';
import { lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';

describe('the measure-level metrics on a real flow (B3, d = 6)', () => {
  it('every built-in metric runs at its cadence on the engine stream and gives finite numbers', async () => {
    const { engine, container, config } = createFlow({
      env: { name: 'controlled-torus', params: {}, grid: { states: 8, actions: 8 } },
      particles: { count: 80 },
      regularization: { sigma: 1 },
      flow: { dt: 0.05, horizon: 1 },
    });
    const context = { config, prior: container.get<ParameterPrior>(ParameterPrior), environment: container.get<Environment>(Environment), unit: container.get<Unit>(Unit) };
    const results = metricDefinitions.map((definition, index) => ({
      name: definition.name,
      rows: lastValueFrom(engine.steps$.pipe(definition.create(context, { every: 5 }, `monitor.metrics.${index}`), toArray())),
    }));
    await engine.run();
    expect(new Set(metricDefinitions.map((definition) => definition.name)).size).toBe(metricDefinitions.length);
    for (const { name, rows } of results) {
      const all: MetricRow[] = await rows;
      const expected = name === 'w2-successive' ? [5, 10, 15, 20] : [0, 5, 10, 15, 20];
      expect(all.map((row) => row.step), name).toEqual(expected);
      // rate/* may be NaN by design (J_∞ not identifiable from a few points); everything else is finite.
      for (const row of all) for (const [key, value] of Object.entries(row.values)) if (!key.startsWith('rate/')) expect(Number.isFinite(value), `${name} ${key} at step ${row.step}`).toBe(true);
    }
    const monotonicity = await results.find((result) => result.name === 'monotonicity')!.rows;
    // J rises from ν_0 = g (it is a gradient flow of J): no violation on this short run.
    expect(monotonicity[monotonicity.length - 1].values['monotonicity/violations']).toBe(0);
  });
});
