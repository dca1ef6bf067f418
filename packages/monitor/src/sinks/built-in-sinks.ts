import { csvSinkDefinition } from './csv-sink';
import { jsonlSinkDefinition } from './jsonl-sink';
import { plotsSinkDefinition } from './plots-sink';
import { progressSinkDefinition } from './progress-sink';
import type { SinkDefinition } from './sink-definition';

/** The sinks `monitor.sinks` can name out of the box. */
export const builtInSinks: readonly SinkDefinition[] = [progressSinkDefinition, jsonlSinkDefinition, csvSinkDefinition, plotsSinkDefinition];
