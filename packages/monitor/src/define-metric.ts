import { bindPlugin, type StepEvent, strictParams } from '@mfpg/core';
import { ContainerModule } from 'inversify';
import type { OperatorFunction } from 'rxjs';
import { z } from 'zod';
import type { MetricContext, MetricDefinition, MetricRow } from './metric-definition';
import { everyOption } from './metrics/metric-options';

/** What a metric's factory gets besides its options: the run, its memory, and its config field. */
export interface MetricPluginContext extends MetricContext {
  /** The dotted path of this metric's config entry, e.g. `monitor.metrics.2` (prefix for ConfigErrors). */
  readonly field: string;
}

/** The options a metric's factory gets: its schema's output, with `every` resolved. */
export type MetricOptions<Schema extends z.ZodObject> = Omit<z.output<Schema>, 'every'> & {
  /** Steps between evaluations: the entry's `every`, else the metric's own default, else `monitor.every`. */
  readonly every: number;
};

/** A metric with typed, validated options (see {@link defineMetric}). */
export interface MetricPlugin<Schema extends z.ZodObject> {
  /** The name `monitor.metrics[].name` selects it by. */
  readonly name: string;
  /** One line shown by `mfpg list`. */
  readonly description: string;
  /**
   * Schema of the metric's options (the config entry without `name`). Made strict, so an unknown
   * key is bad input naming it; `every` (an integer ≥ 1) is added unless the schema declares it.
   */
  readonly options?: Schema;
  /** The operator for one run, from the parsed options (validated before any work). */
  create(options: MetricOptions<Schema>, context: MetricPluginContext): OperatorFunction<StepEvent, MetricRow>;
}

/**
 * A metric for `monitor.metrics`, as a module to load:
 *
 * ```ts
 * export default defineMetric({
 *   name: 'spread',
 *   description: 'largest |θ| of the particles (spread/max)',
 *   options: z.object({ scale: z.number().positive().default(1) }),
 *   create: ({ every, scale }) => (steps$) => steps$.pipe(keepEvery(every), map((event) => ({ … }))),
 * });
 * ```
 *
 * `{"name":"spread","evry":5}` is then bad input (exit 2) naming `monitor.metrics.0.evry`.
 */
export function defineMetric<Schema extends z.ZodObject = z.ZodObject<Record<string, never>, z.core.$strict>>(plugin: MetricPlugin<Schema>): ContainerModule {
  const schema = strictParams(z.object({ every: everyOption.optional(), ...(plugin.options?.shape ?? {}) }));
  const definition: MetricDefinition = {
    name: plugin.name,
    description: plugin.description,
    options: schema,
    create: (context, options, field = `monitor.metrics.${plugin.name}`) => {
      const every = (options.every as number | undefined) ?? context.config.monitor.every;
      return plugin.create({ ...options, every } as MetricOptions<Schema>, { ...context, field });
    },
  };
  return new ContainerModule((options) => bindPlugin(options, { point: 'metric', name: plugin.name, description: plugin.description, params: schema }, { useValue: definition }));
}
