import { ContainerModule, type ResolutionContext } from 'inversify';
import { SigmoidActivation } from '../activations/sigmoid-activation';
import { SineActivation } from '../activations/sine-activation';
import { SoftplusActivation } from '../activations/softplus-activation';
import { TanhActivation } from '../activations/tanh-activation';
import { type RunConfig, RunConfig as RunConfigToken } from '../config/run-config';
import { FlowEngine } from '../engine/flow-engine';
import { GridEvaluator } from '../evaluators/grid-evaluator';
import { GaussianInitialLaw } from '../initial-laws/gaussian-initial-law';
import { EulerMaruyamaIntegrator } from '../integrators/euler-maruyama-integrator';
import { Activation } from '../plugin-points/activation';
import { Environment } from '../plugin-points/environment';
import { GaussianPrior } from '../priors/gaussian-prior';
import { NeuronUnit } from '../units/neuron-unit';
import { bindPlugin } from './plugin-descriptor';

const config = (context: ResolutionContext) => context.get<RunConfig>(RunConfigToken);

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
    { point: 'unit', name: 'neuron', description: 'φ(θ,x) = ℓ(c)·ϱ(w·x + b), ℓ(c) = L·tanh(c/L) (MATH.md §2)' },
    { useFactory: (context) => new NeuronUnit(context.get(Activation), config(context).policy.outputBound ?? Infinity) },
  );
  bindPlugin(
    options,
    { point: 'prior', name: 'gaussian', description: 'g = N(0, s0²I), U(θ) = |θ|²/(2 s0²)' },
    { useFactory: (context) => new GaussianPrior(config(context).regularization.s0) },
  );
  bindPlugin(
    options,
    { point: 'initialLaw', name: 'gaussian', description: 'ν_0 = N(mean, diag(std²)); mean and std scalar or per coordinate' },
    {
      useFactory: (context) => {
        const { mean, std } = config(context).particles.init;
        return new GaussianInitialLaw(mean, std);
      },
    },
  );
  bindPlugin(
    options,
    { point: 'evaluator', name: 'grid', description: 'exact soft policy evaluation on quadrature grids (MATH.md §5)' },
    {
      useFactory: (context) => {
        const { env, regularization } = config(context);
        return new GridEvaluator(context.get(Environment), {
          tau: regularization.tau,
          statesPerDim: env.grid.states,
          actionsPerDim: env.grid.actions,
        });
      },
    },
  );
  bindPlugin(
    options,
    { point: 'integrator', name: 'euler-maruyama', description: 'Euler–Maruyama, weak order 1 (MATH.md §6)' },
    { useFactory: () => new EulerMaruyamaIntegrator() },
  );
});
