import { ContainerModule } from 'inversify';
import { MetricDefinition } from './metric-definition';
import { metricDefinitions } from './metrics';
import { builtInSinks } from './sinks/built-in-sinks';
import { SinkDefinition } from './sinks/sink-definition';

/**
 * The built-in metrics and sinks as contributions under the `MetricDefinition` and `SinkDefinition`
 * tokens; `monitor.metrics[i].name` and the keys of `monitor.sinks` choose among them. A user's
 * module adds its own the same way (a later one with the same name replaces an earlier one).
 */
export const monitorModule = new ContainerModule((options) => {
  for (const definition of metricDefinitions) options.bind<MetricDefinition>(MetricDefinition).toConstantValue(definition);
  for (const definition of builtInSinks) options.bind<SinkDefinition>(SinkDefinition).toConstantValue(definition);
});
