export * from './checkpoint';
export * from './checkpoint-policy';
