import { bindPlugin, type RunConfig } from '@mfpg/core';
import { RunConfig as RunConfigToken } from '@mfpg/core';
import { ContainerModule } from 'inversify';
import { ActionIndependentTorus, ActionIndependentTorusParams } from './action-independent-torus';
import { ControlledTorus, ControlledTorusParams } from './controlled-torus';
import { TorusBandit, TorusBanditParams } from './torus-bandit';

/** The benchmark environments of MATH.md §7, by name; parameters come from `env.params`. */
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
});
