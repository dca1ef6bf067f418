import type { PolicyEvaluation, StepEvent } from '@mfpg/core';

/** What a test gives a {@link fakeStep}: the cloud and, optionally, its drift and value. */
export interface FakeStepInput {
  readonly step: number;
  readonly theta: Float64Array;
  readonly dim: number;
  readonly drift?: Float64Array;
  readonly value?: number;
  readonly dt?: number;
  readonly final?: boolean;
}

/**
 * A StepEvent for metric tests: the evaluation is empty (no metric of this package reads it), the
 * drift defaults to 0 and t = step·dt.
 */
export function fakeStep(input: FakeStepInput): StepEvent {
  const { step, theta, dim, drift = new Float64Array(theta.length), value = 0, dt = 0.1, final = false } = input;
  const particleCount = theta.length / dim;
  let squares = 0;
  for (const g of drift) squares += g * g;
  return {
    step,
    t: step * dt,
    dt,
    final,
    value,
    gradNorm: Math.sqrt(squares / particleCount),
    evaluation: {} as PolicyEvaluation,
    drift,
    theta,
    particleCount,
    dim,
  };
}
