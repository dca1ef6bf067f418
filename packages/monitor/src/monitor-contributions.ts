import { contributions } from '@mfpg/core';
import type { Container } from 'inversify';
import { MetricDefinition } from './metric-definition';
import { SinkDefinition } from './sinks/sink-definition';

/** Every metric and sink registered in a container (the gathered `metric` and `sink` points), in registration order. */
export function monitorContributions(container: Container): { metrics: MetricDefinition[]; sinks: SinkDefinition[] } {
  return { metrics: contributions<MetricDefinition>(container, MetricDefinition), sinks: contributions<SinkDefinition>(container, SinkDefinition) };
}
