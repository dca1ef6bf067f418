import { ContainerModule } from 'inversify';
import { bindMetric } from './define-metric';
import { metricDefinitions } from './metrics';
import { builtInSinks } from './sinks/built-in-sinks';
import { bindSink } from './sinks/define-sink';

/**
 * The built-in metrics and sinks as contributions under the `MetricDefinition` and `SinkDefinition`
 * tokens; `monitor.metrics[i].name` and the keys of `monitor.sinks` choose among them. A user's
 * module adds its own the same way, with `defineMetric` / `defineSink` (a later one with the same
 * name replaces an earlier one).
 */
export const monitorModule = new ContainerModule((options) => {
  for (const definition of metricDefinitions) bindMetric(options, definition);
  for (const definition of builtInSinks) bindSink(options, definition);
});
