import { convergenceExperiment } from './convergence-experiment';
import type { Experiment } from './experiment';
import { monotonicityExperiment } from './monotonicity-experiment';
import { sensitivityExperiment } from './sensitivity-experiment';
import { uniquenessExperiment } from './uniqueness-experiment';

/** Every study of `mfpg experiment NAME`, by name. */
export const experiments: ReadonlyMap<string, Experiment> = new Map(
  [monotonicityExperiment, convergenceExperiment, uniquenessExperiment, sensitivityExperiment].map((experiment) => [experiment.name, experiment]),
);
