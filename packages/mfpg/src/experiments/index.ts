export * from './experiment';
export * from './experiments';
export * from './simulate';
export * from './svg-chart';
