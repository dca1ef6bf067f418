export * from './checkpoint';
export * from './checkpoint-policy';
export * from './replica-checkpoint';
