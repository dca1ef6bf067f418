import { ContainerModule, type ResolutionContext } from 'inversify';
import { SigmoidActivation } from '../activations/sigmoid-activation';
import { SineActivation } from '../activations/sine-activation';
import { SoftplusActivation } from '../activations/softplus-activation';
import { TanhActivation } from '../activations/tanh-activation';
import { type BuiltInInitialLawConfig, builtInInitialLawParams, type RunConfig, RunConfig as RunConfigToken } from '../config/run-config';
import { FlowEngine } from '../engine/flow-engine';
import { DEFAULT_GRID_NODES, GridEvaluator, GridEvaluatorParams } from '../evaluators/grid-evaluator';
import { MonteCarloEvaluatorParams } from '../evaluators/monte-carlo-evaluation';
import { MonteCarloEvaluator } from '../evaluators/monte-carlo-evaluator';
import { GaussianInitialLaw } from '../initial-laws/gaussian-initial-law';
import { FileInitialLaw } from '../initial-laws/file-initial-law';
import { UniformInitialLaw } from '../initial-laws/uniform-initial-law';
import { EulerMaruyamaIntegrator } from '../integrators/euler-maruyama-integrator';
import { DeterministicAscentIntegrator } from '../integrators/deterministic-ascent-integrator';
import { HeunIntegrator } from '../integrators/heun-integrator';
import { LeimkuhlerMatthewsIntegrator } from '../integrators/leimkuhler-matthews-integrator';
import { OuLieIntegrator } from '../integrators/ou-lie-integrator';
import { OuStrangIntegrator } from '../integrators/ou-strang-integrator';
import { ConfigError } from '../errors';
import { ParameterPrior } from '../plugin-points/parameter-prior';
import { Activation } from '../plugin-points/activation';
import { Environment } from '../plugin-points/environment';
import { Unit } from '../plugin-points/unit';
import { GaussianPrior } from '../priors/gaussian-prior';
import { NeuronUnit } from '../units/neuron-unit';
import { LinearUnit } from '../units/linear-unit';
import { SeparableUnit } from '../units/separable-unit';
import { bindPlugin } from './plugin-descriptor';

const config = (context: ResolutionContext) => context.get<RunConfig>(RunConfigToken);
/** d of the run: the selected unit's parameter dimension for the environment's features. */
const parameterDim = (context: ResolutionContext) => context.get<Unit>(Unit).parameterDim(context.get<Environment>(Environment).featureDim);
/** `particles.init` when it names a built-in law: the config schema has checked it as that law's. */
const builtInInit = (context: ResolutionContext) => config(context).particles.init as BuiltInInitialLawConfig;

/** The built-in units, activations, prior, initial law, grid evaluator and integrator, by name. */
export const coreModule = new ContainerModule((options) => {
  options.bind(FlowEngine).toSelf().inSingletonScope();

  const activations = [
    [TanhActivation, 'ϱ(z) = tanh z (default)'],
    [SigmoidActivation, 'ϱ(z) = 1/(1 + e^{−z})'],
    [SoftplusActivation, 'ϱ(z) = log(1 + e^z)'],
    [SineActivation, 'ϱ(z) = sin z'],
  ] as const;
  for (const [Implementation, description] of activations) {
    const instance = new Implementation();
    bindPlugin(options, { point: 'activation', name: instance.name, description }, { useFactory: () => instance });
  }

  bindPlugin(
    options,
    { point: 'unit', name: 'neuron', description: 'φ(θ,x) = ℓ(c)·ϱ(w·x + b), ℓ(c) = L·tanh(c/L) (docs/math.md §2)' },
    { useFactory: (context) => new NeuronUnit(context.get(Activation), config(context).policy.outputBound ?? Infinity) },
  );
  bindPlugin(options, { point: 'unit', name: 'separable', description: 'φ(θ,x) = Σ_k tanh(θ_k)·x_k, d = p (docs/math.md §7, B5)' }, { useFactory: () => new SeparableUnit() });
  bindPlugin(options, { point: 'unit', name: 'linear', description: 'φ(θ,x) = θ·x, d = p (docs/math.md §7, exact Gaussian reduction)' }, { useFactory: () => new LinearUnit() });
  bindPlugin(
    options,
    { point: 'prior', name: 'gaussian', description: 'g = N(0, s0²I), U(θ) = |θ|²/(2 s0²)' },
    { useFactory: (context) => new GaussianPrior(config(context).regularization.s0) },
  );
  bindPlugin(
    options,
    { point: 'initialLaw', name: 'gaussian', description: 'ν_0 = N(mean, diag(std²)); mean and std scalar or per coordinate', params: builtInInitialLawParams.gaussian },
    {
      useFactory: (context) => {
        const init = builtInInit(context);
        if (init.name !== 'gaussian') throw new Error(`initial law gaussian bound for config name ${init.name}`);
        const law = new GaussianInitialLaw(init.mean, init.std);
        const problem = law.validate(parameterDim(context));
        if (problem) throw ConfigError.of('particles.init', init, `a Gaussian law whose mean and std fit d: ${problem}`);
        return law;
      },
    },
  );
  bindPlugin(
    options,
    { point: 'initialLaw', name: 'uniform', description: 'ν_0 uniform on the box [low, high); low and high scalar or per coordinate', params: builtInInitialLawParams.uniform },
    {
      useFactory: (context) => {
        const init = builtInInit(context);
        if (init.name !== 'uniform') throw new Error(`initial law uniform bound for config name ${init.name}`);
        const law = new UniformInitialLaw(init.low, init.high);
        const problem = law.validate(parameterDim(context));
        if (problem) throw ConfigError.of(`particles.init.${problem[0]}`, init[problem[0]], problem[1]);
        return law;
      },
    },
  );
  bindPlugin(
    options,
    { point: 'initialLaw', name: 'file', description: "ν_0 = particles read from a JSON file of N×d numbers (e.g. a run's particles.json)", params: builtInInitialLawParams.file },
    {
      useFactory: (context) => {
        const init = builtInInit(context);
        if (init.name !== 'file') throw new Error(`initial law file bound for config name ${init.name}`);
        return new FileInitialLaw(init.path, config(context).particles.count, parameterDim(context));
      },
    },
  );
  bindPlugin(
    options,
    { point: 'evaluator', name: 'grid', description: 'exact soft policy evaluation on quadrature grids (docs/math.md §5)', params: GridEvaluatorParams },
    {
      useFactory: (context) => {
        const { env, regularization, evaluator } = config(context);
        const environment = context.get<Environment>(Environment);
        if (environment.stateSpace.kind === 'euclidean') {
          throw ConfigError.of('evaluator.name', 'grid', `an evaluator for unbounded state spaces, e.g. monte-carlo (environment '${environment.id}' has S = R^${environment.stateSpace.dim})`);
        }
        const solver = (evaluator.params as GridEvaluatorParams).solver;
        if (solver === 'preconditioned' && !(environment.transitionDensity === undefined && environment.nextState !== undefined)) {
          throw ConfigError.of(
            'evaluator.params.solver',
            solver,
            `auto, dense, sparse or iterative: preconditioned needs deterministic dynamics (nextState, an interpolated kernel), and environment '${environment.id}' has a transition density`,
          );
        }
        return new GridEvaluator(environment, {
          tau: regularization.tau,
          statesPerDim: env.grid.states ?? environment.defaultGrid?.states ?? DEFAULT_GRID_NODES,
          actionsPerDim: env.grid.actions ?? environment.defaultGrid?.actions ?? DEFAULT_GRID_NODES,
          solver,
        });
      },
    },
  );
  bindPlugin(
    options,
    {
      point: 'evaluator',
      name: 'monte-carlo',
      description: 'occupancy sampling, exact rejection sampling of actions, unbiased Q̂ (docs/math.md §5); needs a bounded unit',
      params: MonteCarloEvaluatorParams,
    },
    {
      useFactory: (context) => {
        const { evaluator, particles, regularization } = config(context);
        const params = evaluator.params as MonteCarloEvaluatorParams;
        return new MonteCarloEvaluator(context.get(Environment), context.get(Unit), particles.count, { ...params, tau: regularization.tau });
      },
    },
  );
  bindPlugin(
    options,
    { point: 'integrator', name: 'euler-maruyama', description: 'Euler–Maruyama, weak order 1 (docs/math.md §6)' },
    { useFactory: () => new EulerMaruyamaIntegrator() },
  );
  const requireGaussianPrior = (context: ResolutionContext, integrator: string) => {
    const prior = context.get<ParameterPrior>(ParameterPrior);
    if (prior.s0 === undefined) {
      throw ConfigError.of('flow.integrator', integrator, `an integrator without an exact OU step (euler-maruyama, heun, leimkuhler-matthews): prior ${prior.name} is not the quadratic U = |θ|²/(2 s0²)`);
    }
  };
  bindPlugin(
    options,
    { point: 'integrator', name: 'ou-lie', description: 'Lie OU splitting: Euler drift step + exact OU step, weak order 1; Gaussian prior only (docs/math.md §6)' },
    { useFactory: (context) => (requireGaussianPrior(context, 'ou-lie'), new OuLieIntegrator()) },
  );
  bindPlugin(
    options,
    { point: 'integrator', name: 'ou-strang', description: 'Strang OU splitting: OU(h/2), Heun drift step, OU(h/2); weak order 2, 3 evaluations/step; Gaussian prior only (docs/math.md §6)' },
    { useFactory: (context) => (requireGaussianPrior(context, 'ou-strang'), new OuStrangIntegrator()) },
  );
  bindPlugin(
    options,
    { point: 'integrator', name: 'heun', description: 'stochastic Heun predictor–corrector, weak order 2, 2 evaluations/step (docs/math.md §6)' },
    { useFactory: () => new HeunIntegrator() },
  );
  bindPlugin(
    options,
    { point: 'integrator', name: 'leimkuhler-matthews', description: 'Leimkuhler–Matthews, 1 evaluation/step, order 2 for stationary averages (docs/math.md §6)' },
    { useFactory: () => new LeimkuhlerMatthewsIntegrator() },
  );
  bindPlugin(
    options,
    { point: 'integrator', name: 'deterministic', description: 'deterministic mean-field ascent (σ = 0 only), explicit Euler (docs/math.md §6)' },
    {
      useFactory: (context) => {
        const { sigma } = config(context).regularization;
        if (sigma !== 0) throw ConfigError.of('flow.integrator', 'deterministic', `a stochastic integrator (euler-maruyama, ou-lie, ou-strang, heun, leimkuhler-matthews) for regularization.sigma = ${sigma} > 0, or set regularization.sigma = 0`);
        return new DeterministicAscentIntegrator();
      },
    },
  );
});
