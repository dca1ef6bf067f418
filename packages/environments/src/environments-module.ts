import { bindPlugin, type RunConfig } from '@mfpg/core';
import { RunConfig as RunConfigToken } from '@mfpg/core';
import { ContainerModule } from 'inversify';
import { ActionIndependentTorus, ActionIndependentTorusParams } from './action-independent-torus';
import { ControlledTorus, ControlledTorusParams } from './controlled-torus';
import { FiniteMdp, FiniteMdpParams } from './finite-mdp';
import { LinearQuadratic, LinearQuadraticParams } from './linear-quadratic';
import { MountainCarContinuous, MountainCarContinuousParams } from './mountain-car-continuous';
import { Pendulum, PendulumParams } from './pendulum';
import { Pitchfork, PitchforkParams } from './pitchfork';
import { TorusBandit, TorusBanditParams } from './torus-bandit';

/** The benchmark environments of docs/math.md §7–§8 and finite MDPs, by name; parameters come from `env.params`. */
export const environmentsModule = new ContainerModule((options) => {
  const params = <T>(context: { get<S>(token: symbol): S }) => context.get<RunConfig>(RunConfigToken).env.params as T;
  bindPlugin(
    options,
    { point: 'environment', name: 'torus-bandit', description: 'B1: one state, actions on the torus, r(a) = α cos 2π(a − a0)', params: TorusBanditParams },
    { useFactory: (context) => new TorusBandit(params(context)) },
  );
  bindPlugin(
    options,
    {
      point: 'environment',
      name: 'action-independent-torus',
      description: 'B2: von Mises transitions independent of the action; closed-form optimum',
      params: ActionIndependentTorusParams,
    },
    { useFactory: (context) => new ActionIndependentTorus(params(context)) },
  );
  bindPlugin(
    options,
    { point: 'environment', name: 'controlled-torus', description: 'B3: the action steers a von Mises drift on the torus (default)', params: ControlledTorusParams },
    { useFactory: (context) => new ControlledTorus(params(context)) },
  );
  bindPlugin(
    options,
    { point: 'environment', name: 'lq', description: 'B4: linear–quadratic in n dimensions, Gaussian μ; closed-form optimum (Monte Carlo evaluation)', params: LinearQuadraticParams },
    { useFactory: (context) => new LinearQuadratic(params(context)) },
  );
  bindPlugin(
    options,
    { point: 'environment', name: 'pitchfork', description: 'B5: one state, r(a) = cos 4πa, x(a) = cos 2πa; two limits below σc', params: PitchforkParams },
    { useFactory: (context) => new Pitchfork(params(context)) },
  );
  bindPlugin(
    options,
    { point: 'environment', name: 'pendulum', description: "Gymnasium's Pendulum-v1 (docs/math.md §8), deterministic, discounted", params: PendulumParams },
    { useFactory: (context) => new Pendulum(params(context)) },
  );
  bindPlugin(
    options,
    {
      point: 'environment',
      name: 'mountain-car-continuous',
      description: "Gymnasium's MountainCarContinuous-v0 (docs/math.md §8), goal absorbing, discounted",
      params: MountainCarContinuousParams,
    },
    { useFactory: (context) => new MountainCarContinuous(params(context)) },
  );
  bindPlugin(
    options,
    { point: 'environment', name: 'finite', description: 'a tabular MDP from arrays (transition S×K×S, reward S×K, initial S)', params: FiniteMdpParams },
    { useFactory: (context) => new FiniteMdp(params(context)) },
  );
});
