import type { StepEvent } from '@mfpg/core';

/**
 * The state of K flows run side by side, at the same step n and time t: one {@link StepEvent} per
 * replica, in replica order. The events' buffers are copies owned by the replica runner, valid
 * until its next step (copy what you keep).
 */
export interface ReplicaStep {
  readonly step: number;
  readonly t: number;
  /** True on the last step of the run. */
  readonly final: boolean;
  readonly replicas: readonly StepEvent[];
}
