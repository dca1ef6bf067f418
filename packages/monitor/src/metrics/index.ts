import type { MetricDefinition } from '../metric-definition';
import { energyDissipationDefinition } from './energy-dissipation';
import { entropyDefinition } from './entropy-estimates';
import { exponentialRateDefinition } from './exponential-rate';
import { flowValueDefinition } from './flow-value';
import { gradientNormDefinition } from './gradient-norm';
import { monotonicityDefinition } from './monotonicity-check';
import { objectiveDefinition } from './objective-estimates';
import { steinDefinition } from './stein-discrepancy';
import { suboptimalityDefinition } from './suboptimality';
import { gridRefinementDefinition } from './grid-refinement';
import { wassersteinSuccessiveDefinition } from './wasserstein-successive';

export * from './keep-every';
export * from './metric-options';
export * from './metric-memory-codec';
export * from './flow-value';
export * from './objective-estimates';
export * from './entropy-estimates';
export * from './gradient-norm';
export * from './energy-dissipation';
export * from './stein-discrepancy';
export * from './wasserstein-successive';
export * from './exponential-rate';
export * from './monotonicity-check';
export * from './suboptimality';
export * from './grid-refinement';

/** The built-in measure-level metrics, by config name (registered as MetricDefinition contributions). */
export const metricDefinitions: readonly MetricDefinition[] = [
  flowValueDefinition,
  objectiveDefinition,
  entropyDefinition,
  gradientNormDefinition,
  energyDissipationDefinition,
  steinDefinition,
  wassersteinSuccessiveDefinition,
  exponentialRateDefinition,
  monotonicityDefinition,
  suboptimalityDefinition,
  gridRefinementDefinition,
];
