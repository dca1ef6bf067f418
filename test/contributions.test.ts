import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Container, ContainerModule } from 'inversify';
import { bindPlugin, contributions, createFlow, listPlugins, MetricDefinition, MonitorContribution, PluginError, PluginPoints, SinkDefinition } from 'mfpg';
import { describe, expect, it } from 'vitest';
import { freshDirectory, readJsonl, runCli, smallProblem, withOverrides } from './helpers';

const fixture = join(import.meta.dirname, 'fixtures', 'monitor-contributions-plugin.mjs');

/** One mechanism for every plugin point: bindPlugin registers at selected and gathered points alike. */
describe('contributions at the gathered points', () => {
  it('a metric, a sink and a monitor contribution bound from a plugin file all arrive in a run', async () => {
    const { observed } = await import(fixture);
    const out = join(freshDirectory(), 'run');
    const settings = [...smallProblem, 'particles.count=8', 'monitor.metrics=[{"name":"largest-abs-theta","every":10}]', 'monitor.sinks.collect={}', 'monitor.sinks.plots=false'];
    const { code, stderr } = await runCli(['run', '--plugin', fixture, ...withOverrides(...settings), '--out', out]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    // The metric: its rows in metrics.jsonl at its own cadence (steps 0, 10 and the final 20),
    // equal to the largest |θ_k| of the final particles at the last step (the same doubles).
    const rows = readJsonl(join(out, 'metrics.jsonl'));
    expect(rows.filter((row) => 'test/largest-abs-theta' in row).map((row) => row.step)).toEqual([0, 10, 20]);
    const particles = JSON.parse(readFileSync(join(out, 'particles.json'), 'utf8'));
    const theta: number[] = particles.theta.flat();
    expect(rows.at(-1)?.['test/largest-abs-theta']).toBe(Math.max(...theta.map(Math.abs)));
    // The sink: every logged row, the same as metrics.jsonl's.
    expect(observed.rows.map((row: { step: number }) => row.step)).toEqual(rows.map((row) => row.step));
    // The monitor contribution: every step 0…19 and the final state (20), then unsubscribed.
    expect(observed.steps).toEqual(Array.from({ length: 21 }, (_, step) => step));
    expect(observed.closed).toBe(true);
  });

  it('each is read through contributions(container, token) and described at its point', async () => {
    const { default: module } = await import(fixture);
    const { container } = createFlow({}, { modules: [module] });
    expect(contributions<{ name: string }>(container, MetricDefinition).map((metric) => metric.name)).toContain('largest-abs-theta');
    expect(contributions<{ name: string }>(container, SinkDefinition).map((sink) => sink.name)).toEqual(['progress', 'jsonl', 'csv', 'plots', 'collect']);
    expect(contributions<MonitorContribution>(container, MonitorContribution).map((contribution) => contribution.name)).toEqual(['step-counter']);
    for (const [point, name] of [['metric', 'largest-abs-theta'], ['sink', 'collect'], ['monitorContribution', 'step-counter']] as const) {
      expect(listPlugins(container, point).map((descriptor) => descriptor.name)).toContain(name);
    }
    expect(PluginPoints.metric.token).toBe(MetricDefinition);
    expect(PluginPoints.sink.token).toBe(SinkDefinition);
  });

  it('a metric with the name of a built-in one is a PluginError naming both, not a silent replacement', () => {
    const clash = new ContainerModule((options) => bindPlugin(options, { point: 'metric', name: 'stein', description: 'my own stein' }, { useValue: {} }));
    expect(() => createFlow({}, { modules: [clash] })).toThrow(PluginError);
    expect(() => createFlow({}, { modules: [clash] })).toThrow(/metric 'stein': registered twice \(".*" and "my own stein"\)/);
  });

  it('a token nothing is bound to has no contributions (an empty list, not an error)', () => {
    expect(contributions(new Container(), MonitorContribution)).toEqual([]);
  });
});

describe('a plugin at a point that does not exist', () => {
  const misspelt = new ContainerModule((options) => bindPlugin(options, { point: 'metrc' as 'metric', name: 'spread', description: 'a typo in the point' }, { useValue: {} }));

  it('is a PluginError naming the plugin, the point given and the points that exist', () => {
    const error = (() => {
      try {
        new Container().load(misspelt);
      } catch (failure) {
        return failure;
      }
    })();
    expect(error).toBeInstanceOf(PluginError);
    expect((error as PluginError).message).toBe(
      `plugin 'spread': registered at the unknown plugin point 'metrc'; the points are ${Object.keys(PluginPoints).join(', ')}`,
    );
  });

  it('mfpg run --plugin with it is exit 4 with that message and no stack trace, writing nothing', async () => {
    const directory = freshDirectory();
    const file = join(directory, 'misspelt.mjs');
    writeFileSync(file, "import { bindPlugin } from 'mfpg';\nimport { ContainerModule } from 'inversify';\nexport default new ContainerModule((options) => bindPlugin(options, { point: 'metrc', name: 'spread', description: 'typo' }, { useValue: {} }));\n");
    const out = join(directory, 'run');
    const { code, stderr } = await runCli(['run', '--plugin', file, ...withOverrides(...smallProblem), '--out', out]);
    expect(code).toBe(4);
    expect(stderr).toContain("plugin 'spread': registered at the unknown plugin point 'metrc'; the points are environment, activation");
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });
});
