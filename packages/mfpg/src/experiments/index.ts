export * from './experiment';
export * from './experiment-registry';
export * from './simulate';
