import { bindPlugin, strictParams } from '@mfpg/core';
import { ContainerModule } from 'inversify';
import { z } from 'zod';
import type { Sink, SinkContext, SinkDefinition } from './sink-definition';

/** A sink with typed, validated options (see {@link defineSink}). */
export interface SinkPlugin<Schema extends z.ZodType> {
  /** The key of `monitor.sinks` that selects it. */
  readonly name: string;
  /** One line shown by `mfpg list`. */
  readonly description: string;
  /** Schema of its options; a top-level object is made strict (unknown keys are bad input naming them). Absent: `{}` only. */
  readonly options?: Schema;
  /** The sink of one run, from the parsed options (validated before any work), once the run folder exists. */
  create(options: z.output<Schema>, context: SinkContext): Sink;
}

/**
 * A sink for `monitor.sinks`, as a module to load:
 *
 * ```ts
 * export default defineSink({
 *   name: 'stdout',
 *   description: 'prints each logged row',
 *   options: z.object({ keys: z.array(z.string()).default(['objective']) }),
 *   create: ({ keys }) => ({ write: (row) => console.log(keys.map((key) => row.values[key])) }),
 * });
 * ```
 */
export function defineSink<Schema extends z.ZodType = z.ZodObject<Record<string, never>, z.core.$strict>>(plugin: SinkPlugin<Schema>): ContainerModule {
  const schema = strictParams(plugin.options ?? z.strictObject({}));
  const definition: SinkDefinition = { name: plugin.name, description: plugin.description, options: schema, create: (context, options) => plugin.create(options as z.output<Schema>, context) };
  return new ContainerModule((options) => bindPlugin(options, { point: 'sink', name: plugin.name, description: plugin.description, params: schema }, { useValue: definition }));
}
