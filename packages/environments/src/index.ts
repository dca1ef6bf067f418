export * from './torus-embedding';
export * from './von-mises';
export * from './torus-bandit';
export * from './action-independent-torus';
export * from './controlled-torus';
export * from './closed-forms';
export * from './environments-module';
