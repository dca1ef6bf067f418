/**
 * mfpg: mean-field Langevin policy gradient on entropy-regularised MDPs. Everything a user needs in
 * one import: the plugin points, built-in plugins and typed plugin helpers (from `@mfpg/core`,
 * `@mfpg/environments`, `@mfpg/backend-cpu`, `@mfpg/monitor`), and the framework on top —
 * `createFlow`, `runExperiment`, replicas, checkpoints, sweeps and the paper's studies.
 * @packageDocumentation
 */
export * from '@mfpg/core';
export * from '@mfpg/environments';
export * from '@mfpg/backend-cpu';
export * from '@mfpg/monitor';
export * from './default-modules';
export * from './create-flow';
export * from './run-experiment';
export { ReplicaRunner, type ReplicaRunOptions } from './replicas/replica-runner';
export { createReplicas, replicaSeeds, type CreateReplicasOptions, type ReplicaFlows } from './replicas/create-replicas';
export {
  runReplicaExperiment,
  type ReplicaExperimentOptions,
  type ReplicaOutcome,
  type ReplicaProgress,
  type ReplicaRunResult,
  type ReplicaRunSummary,
  type ReplicaSummary,
} from './replicas/run-replica-experiment';
export { CHECKPOINT_FILE, type Checkpoint, makeCheckpoint, readCheckpoint, writeCheckpoint } from './checkpoints/checkpoint';
export { parseGridAxis, type GridAxis } from './sweeps/grid-axis';
export { runSweep, type SweepOptions, type SweepOutcome } from './sweeps/run-sweep';
export { sweepPoints, type SweepPoint } from './sweeps/sweep-plan';
export type { SweepResult, SweepStatus } from './sweeps/results-table';
export { WORKER_COMMAND_VARIABLE } from './sweeps/worker-command';
export { BUDGETS, type Budget, type Claim, type Experiment, type ExperimentReport, writeReport } from './experiments/experiment';
export { experiments } from './experiments/experiment-registry';
export { simulate, type Trajectory } from './experiments/simulate';
/** zod, the schema library of plugin parameters (defineEnvironment({ params: z.object(…) })): one copy for mfpg and its plugins. */
export { z } from 'zod';
export * from './policy/trained-policy';
export * from './policy/load-policy';
export * from './policy/rollout';
