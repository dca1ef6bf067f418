import { ConfigError, type ConfigIssue, type RunConfig, toConfigIssues } from '@mfpg/core';
import type { MetricContext, MetricDefinition } from './metric-definition';
import { contractMetrics } from './pipeline/contract-metrics';
import { MetricMemories, type MetricSnapshots, metricMemoryKey } from './pipeline/metric-memories';
import type { NamedMetric } from './pipeline/named-metric';
import type { SinkDefinition } from './sinks/sink-definition';
import { StopConditions } from './stop/stop-conditions';

/** A sink chosen in the config, with its validated options (created once the run folder exists). */
export interface SinkChoice {
  readonly name: string;
  readonly definition: SinkDefinition;
  readonly options: unknown;
}

/** The config's `monitor` section, checked against what is registered and turned into parts. */
export interface ResolvedMonitor {
  /** The contract metrics (name `flow`) first, then `monitor.metrics` in order. */
  readonly metrics: readonly NamedMetric[];
  readonly sinks: readonly SinkChoice[];
  readonly stop: StopConditions;
  /** The memories of the `monitor.metrics` entries (their state, saved in checkpoints); absent: none. */
  readonly memories?: MetricMemories;
}

function names(definitions: readonly { name: string }[], what: string): string {
  const list = [...new Set(definitions.map((definition) => definition.name))].sort();
  return list.length > 0 ? `one of ${list.join(', ')}` : `none registered (load a module that provides a ${what})`;
}

/** The last registration of each name wins, so a user's module can replace a built-in one. */
function byName<T extends { name: string }>(definitions: readonly T[]): Map<string, T> {
  return new Map(definitions.map((definition) => [definition.name, definition]));
}

/**
 * Checks `config.monitor` against the registered metric and sink definitions before any work:
 * every metric and sink name must exist, and each one's options must pass its schema. Throws one
 * ConfigError naming every bad field (`monitor.metrics.2.name`, `monitor.sinks.csv.file`, …) and
 * listing what exists. Metric operators are created here (each gets its entry without `name`; an
 * absent `every` means the metric's own default); sinks are only validated, and made later.
 * `restored` (on resume: the snapshots saved in the checkpoint) gives each configured metric its
 * saved state through `context.memory`; a metric rejects a state of the wrong shape here, too.
 */
export function resolveMonitor(
  config: RunConfig,
  metricDefinitions: readonly MetricDefinition[],
  sinkDefinitions: readonly SinkDefinition[],
  context: MetricContext,
  restored?: MetricSnapshots,
): ResolvedMonitor {
  const { monitor } = config;
  const issues: ConfigIssue[] = [];
  const memories = new MetricMemories(restored);
  for (const key of memories.unclaimed(monitor.metrics.map((entry, index) => metricMemoryKey(index, entry.name)))) {
    issues.push({ field: `checkpoint: metricMemory.${key}`, given: key, allowed: 'the saved state of a metric configured in monitor.metrics (index/name)' });
  }
  const metrics: NamedMetric[] = [
    {
      name: 'flow',
      operator: contractMetrics({
        every: monitor.every,
        sigma: config.regularization.sigma,
        prior: context.prior,
        klNeighbors: monitor.klNeighbors,
        withSchedule: config.schedules !== undefined,
      }),
    },
  ];
  const metricsByName = byName(metricDefinitions);
  monitor.metrics.forEach((entry, index) => {
    const definition = metricsByName.get(entry.name);
    if (!definition) {
      issues.push({ field: `monitor.metrics.${index}.name`, given: entry.name, allowed: names(metricDefinitions, 'MetricDefinition') });
      return;
    }
    const { name, ...given } = entry;
    const field = `monitor.metrics.${index}`;
    let options: Record<string, unknown> = given;
    if (definition.options) {
      const parsed = definition.options.safeParse(given, { reportInput: true });
      if (!parsed.success) {
        issues.push(...toConfigIssues(parsed.error.issues, definition.options, field));
        return;
      }
      options = parsed.data as Record<string, unknown>;
    }
    try {
      const memory = memories.memory(index, name);
      metrics.push({ name, operator: definition.create({ ...context, memory }, options, field) });
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      issues.push(...error.issues);
    }
  });

  const sinksByName = byName(sinkDefinitions);
  const sinks: SinkChoice[] = [];
  for (const [name, options] of Object.entries(monitor.sinks)) {
    const definition = sinksByName.get(name);
    if (!definition) {
      issues.push({ field: `monitor.sinks.${name}`, given: options, allowed: `a registered sink: ${names(sinkDefinitions, 'SinkDefinition')}` });
      continue;
    }
    if (options === false) continue;
    const parsed = definition.options.safeParse(options, { reportInput: true });
    if (parsed.success) sinks.push({ name, definition, options: parsed.data });
    else issues.push(...toConfigIssues(parsed.error.issues, definition.options, `monitor.sinks.${name}`));
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return { metrics, sinks, stop: new StopConditions(monitor.stop), memories };
}
