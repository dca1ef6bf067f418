/**
 * @mfpg/monitor: metrics over the step stream (objective, entropy, Stein discrepancy, W2, rates, …),
 * their registration (`defineMetric`, `defineSink`), sinks (progress, jsonl, csv, plots), stop
 * conditions, replica distances and the monitor session that runs them.
 * @packageDocumentation
 */
export * from './metric-definition';
export * from './define-metric';
export * from './pipeline/monitor-row';
export * from './pipeline/contract-metrics';
export * from './pipeline/metric-failure';
export * from './pipeline/named-metric';
export * from './pipeline/monitor-rows';
export * from './sinks/sink-definition';
export * from './sinks/define-sink';
export * from './sinks/sink-queue';
export * from './sinks/progress-sink';
export * from './sinks/jsonl-sink';
export * from './sinks/csv-sink';
export * from './sinks/plots-sink';
export * from './sinks/built-in-sinks';
export * from './writers/key-value-writer';
export * from './writers/jsonl-format';
export * from './writers/csv-format';
export * from './stop/stop-conditions';
export * from './plots/run-files';
export * from './plots/charts/chart';
export * from './plots/charts/convergence-chart';
export * from './plots/render-chart';
export * from './plots/render-run-plots';
export * from './resolve-monitor';
export * from './monitor-session';
export * from './monitor-contributions';
export * from './monitor-module';
export * from './distances/exact-w2';
export * from './distances/sliced-w2';
export * from './distances/cloud-w2';
export * from './estimators/kernel-score';
export * from './estimators/kernel-stein-discrepancy';
export * from './estimators/exponential-rate-fit';
export * from './estimators/step-objective';
export * from './metrics/index';
export * from './replicas/replica-step';
export * from './replicas/replica-distances';
export * from './plots/charts/line-chart';
export * from './plots/charts/seed-band';
