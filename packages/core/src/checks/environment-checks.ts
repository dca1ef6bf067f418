import { initialDensityNormalises, initialSamplerMatchesDensity, transitionDensityNormalises, transitionSamplerMatchesDensity } from './density-checks';
import type { EnvironmentCheckDefinition } from './environment-check-definition';
import { actionsInSpace, declaredShapes, featuresShape, initialStatesInSpace, nextStatesInSpace, rewardsFinite, seedDeterminism, separableFeaturesAgree } from './sample-checks';
import { valueWithinRewardBound } from './value-bound-check';

/**
 * Every check of the environment contract, in report order. To add one, write an
 * {@link EnvironmentCheckDefinition} over the probe set (next to the checks it resembles), say
 * whether it is cheap, and list it here: `checkEnvironment` (`mfpg check-env`) reports it, and
 * the engine's guard runs it before every flow when it is cheap. Checks that sample draw from the
 * probe set's `rng` in this order, so reordering them changes which numbers a seed gives.
 */
export const ENVIRONMENT_CHECKS: readonly EnvironmentCheckDefinition[] = [
  declaredShapes,
  initialStatesInSpace,
  actionsInSpace,
  nextStatesInSpace,
  featuresShape,
  separableFeaturesAgree,
  rewardsFinite,
  initialDensityNormalises,
  transitionDensityNormalises,
  transitionSamplerMatchesDensity,
  initialSamplerMatchesDensity,
  valueWithinRewardBound,
  seedDeterminism,
];
