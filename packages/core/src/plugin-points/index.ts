// Every DI token is `Symbol.for('mfpg.<Name>')`, not `Symbol('<Name>')`: the ESM and CommonJS builds
// of mfpg (and any other copy in the process) then define the same tokens, so a plugin loaded as an
// ES module, as CommonJS or through tsx registers into the container the run reads.

export * from './activation';
export * from './environment';
export * from './evaluator';
export * from './integrator';
export * from './monitor-contribution';
export * from './parameter-prior';
export * from './particle-backend';
export * from './point-set';
export * from './quadrature-rule';
export * from './random';
export * from './reference-measure';
export * from './space';
export * from './step-event';
export * from './unit';
export * from './initial-law';
