import type { Container } from 'inversify';
import { MetricDefinition } from './metric-definition';
import { SinkDefinition } from './sinks/sink-definition';

/** Every MetricDefinition and SinkDefinition registered in a container, in registration order. */
export function monitorContributions(container: Container): { metrics: MetricDefinition[]; sinks: SinkDefinition[] } {
  return {
    metrics: container.isBound(MetricDefinition) ? container.getAll<MetricDefinition>(MetricDefinition) : [],
    sinks: container.isBound(SinkDefinition) ? container.getAll<SinkDefinition>(SinkDefinition) : [],
  };
}
