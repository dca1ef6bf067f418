export * from './grid-axis';
export * from './sweep-plan';
export * from './results-table';
export * from './worker-command';
export * from './run-sweep';
