export * from './experiment';
export * from './experiment-registry';
export * from './simulate';
export * from './svg-chart';
