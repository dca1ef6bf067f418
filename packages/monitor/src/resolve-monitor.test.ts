import { ConfigError, defaultConfig, Environment, GaussianPrior, resolveConfig } from '@mfpg/core';
import { map } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { MetricContext, MetricDefinition } from './metric-definition';
import { resolveMonitor } from './resolve-monitor';
import { builtInSinks } from './sinks/built-in-sinks';

const context = (config = defaultConfig): MetricContext => ({ config, prior: new GaussianPrior(1), environment: {} as Environment });

const spread: MetricDefinition = {
  name: 'spread',
  description: 'test metric',
  create: (_context, options, field = 'monitor.metrics.spread') => {
    if (options.every !== undefined && options.every !== 2) throw ConfigError.of(`${field}.every`, options.every, '2');
    return map((event) => ({ step: event.step, t: event.t, values: { 'measure/spread': 1 } }));
  },
};

function issuesOf(run: () => unknown): { field: string; allowed: string }[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map(({ field, allowed }) => ({ field, allowed }));
    throw error;
  }
  throw new Error('no ConfigError');
}

describe('resolveMonitor', () => {
  it('puts the contract metrics first, then the configured ones, and keeps the sinks that are on', () => {
    const config = resolveConfig({ monitor: { metrics: [{ name: 'spread' }], sinks: { csv: { file: 'rows.csv' }, progress: false } } });
    const monitor = resolveMonitor(config, [spread], builtInSinks, context(config));
    expect(monitor.metrics.map((metric) => metric.name)).toEqual(['flow', 'spread']);
    // Defaults first (progress is turned off), then the configured csv.
    expect(monitor.sinks.map((sink) => sink.name)).toEqual(['jsonl', 'plots', 'csv']);
    expect(monitor.sinks[0].options).toEqual({ file: 'metrics.jsonl' });
    expect(monitor.sinks[2].options).toEqual({ file: 'rows.csv' });
  });

  it('names every bad metric and sink at once, listing what exists', () => {
    const config = resolveConfig({ monitor: { metrics: [{ name: 'spread' }, { name: 'stien' }, { name: 'spread', every: 3 }], sinks: { tensorboard: {}, csv: { file: '../x.csv' }, plots: { formats: ['gif'] } } } });
    const issues = issuesOf(() => resolveMonitor(config, [spread], builtInSinks, context(config)));
    const byField = (a: { field: string }, b: { field: string }) => a.field.localeCompare(b.field);
    expect([...issues].sort(byField)).toEqual([
      { field: 'monitor.metrics.1.name', allowed: 'one of spread' },
      { field: 'monitor.metrics.2.every', allowed: '2' },
      { field: 'monitor.sinks.tensorboard', allowed: 'a registered sink: one of csv, jsonl, plots, progress' },
      { field: 'monitor.sinks.csv.file', allowed: 'a file name inside the run folder (no path separators)' },
      { field: 'monitor.sinks.plots.formats.0', allowed: 'svg or png' },
    ].sort(byField));
  });

  it('rejects a cadence ≤ 0 and an unknown stop key in the config schema itself', () => {
    const issues = issuesOf(() => resolveConfig({ monitor: { metrics: [{ name: 'spread', every: 0 }], stop: { plateua: {} } } }));
    expect(issues.map((issue) => issue.field)).toEqual(['monitor.metrics.0.every', 'monitor.stop.plateua']);
    expect(issues[0].allowed).toContain('integer ≥ 1');
    expect(issues[1].allowed).toContain('known keys: plateau, target, divergence');
  });
});
