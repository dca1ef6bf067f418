/**
 * @mfpg/core: the plugin points, the maths, measures, units, activations, priors, initial laws,
 * evaluators, integrators, the config and its schema, the container and the flow engine.
 * What the other packages share but users do not call (the WebAssembly runtime, worker barriers)
 * is in `@mfpg/core/internal`; the engine's runtime guards, linear solvers and interpolation are not
 * exported.
 * @packageDocumentation
 */
export * from './plugin-points';
export * from './errors';

export * from './math/random';
export * from './math/bessel';
export * from './math/gamma-functions';
export * from './math/quadrature';
export * from './math/log-sum-exp';

export * from './measures/uniform-torus-measure';
export * from './measures/uniform-box-measure';
export * from './measures/gaussian-measure';
export * from './measures/state-quadrature';

export * from './activations/logistic-form';
export * from './activations/tanh-activation';
export * from './activations/sigmoid-activation';
export * from './activations/softplus-activation';
export * from './activations/sine-activation';

export * from './units/neuron-unit';
export * from './units/separable-unit';
export * from './units/linear-unit';

export * from './priors/gaussian-prior';

export * from './initial-laws/gaussian-initial-law';
export * from './initial-laws/uniform-initial-law';
export * from './initial-laws/file-initial-law';

export * from './evaluators/discrete-mdp';
export * from './evaluators/discretize-environment';
export * from './evaluators/soft-bellman-solver';
export * from './evaluators/soft-value-iteration';
export * from './evaluators/grid-evaluator';
export * from './evaluators/grid-optimum';
export * from './evaluators/monte-carlo-evaluation';
export * from './evaluators/monte-carlo-evaluator';
export * from './checks/check-environment';

export * from './integrators/euler-maruyama-integrator';
export * from './integrators/ou-lie-integrator';
export * from './integrators/ou-strang-integrator';
export * from './integrators/heun-integrator';
export * from './integrators/leimkuhler-matthews-integrator';
export * from './integrators/deterministic-ascent-integrator';

export * from './estimators/knn-entropy';
export * from './estimators/step-entropy';

export * from './config/run-config';
export * from './config/plugin-record';
export * from './config/schedule';
export * from './config/default-config';
export * from './config/overrides';
export * from './config/config-safety';
export * from './config/resource-limits';
export * from './config/parameter-schemas';

export * from './container/plugin-descriptor';
export * from './container/contributions';
export * from './container/define-plugin';
export * from './container/core-module';
export * from './container/create-container';

export * from './engine/engine-options';
export * from './engine/flow-engine';
export * from './monitoring/flow-metrics';
