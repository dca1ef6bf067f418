export * from './metric-definition';
