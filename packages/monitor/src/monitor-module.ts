import { bindPlugin } from '@mfpg/core';
import { ContainerModule } from 'inversify';
import { metricDefinitions } from './metrics';
import { builtInSinks } from './sinks/built-in-sinks';

/**
 * The built-in metrics and sinks, registered at the gathered `metric` and `sink` points;
 * `monitor.metrics[i].name` and the keys of `monitor.sinks` choose among them. A user's module adds
 * its own the same way (or with `defineMetric` / `defineSink`); a name must be new at its point.
 */
export const monitorModule = new ContainerModule((options) => {
  for (const metric of metricDefinitions) {
    const { name, description, options: params } = metric;
    bindPlugin(options, { point: 'metric', name, description, ...(params && { params }) }, { useValue: metric });
  }
  for (const sink of builtInSinks) {
    bindPlugin(options, { point: 'sink', name: sink.name, description: sink.description, params: sink.options }, { useValue: sink });
  }
});
