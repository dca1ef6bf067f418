import type { StepEvent } from '@mfpg/core';

/** A step event for pipeline tests: 2 particles in 1-D, value = step (no evaluator behind it). */
export function testStep(step: number, final = false): StepEvent {
  const theta = Float64Array.of(step, -step);
  return {
    step,
    t: step * 0.5,
    final,
    dt: 0.5,
    value: step,
    gradNorm: 0,
    evaluation: { value: step, points: { count: 0, dim: 0, data: new Float64Array(0) }, weights: new Float64Array(0) },
    drift: new Float64Array(2),
    theta,
    particleCount: 2,
    dim: 1,
  };
}
