import type { StepEvent } from '../plugin-points/step-event';
import { type EntropyEstimate, knnEntropyWithError } from './knn-entropy';

/**
 * Estimates already made, per step event and neighbour rank k. Keyed weakly by the event object:
 * the engine publishes a fresh event per step, so an entry lives exactly as long as some metric
 * still holds that step, and a later step (same live buffers, new object) never sees a stale one.
 */
const estimatesOfStep = new WeakMap<StepEvent, Map<number, EntropyEstimate>>();

/**
 * The k-NN entropy of a step's particle cloud (docs/math.md §5), shared: the first metric that asks
 * for it at a step runs the O(N²d) search, every other metric asking at the same step (flow
 * metrics, objective, entropy, monotonicity, exponential rate, energy dissipation) reuses the
 * result. Identical to `knnEntropyWithError(event.theta, event.particleCount, event.dim, k)`.
 * Call it during the step's notification, while `event.theta` still holds that step's particles.
 */
export function stepEntropy(event: StepEvent, k: number): EntropyEstimate {
  let byNeighbors = estimatesOfStep.get(event);
  if (byNeighbors === undefined) {
    byNeighbors = new Map();
    estimatesOfStep.set(event, byNeighbors);
  }
  let estimate = byNeighbors.get(k);
  if (estimate === undefined) {
    estimate = knnEntropyWithError(event.theta, event.particleCount, event.dim, k);
    byNeighbors.set(k, estimate);
  }
  return estimate;
}
