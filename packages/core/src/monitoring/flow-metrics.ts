import { filter, map, type OperatorFunction } from 'rxjs';
import { crossEntropyToPrior } from '../estimators/knn-entropy';
import { stepEntropy } from '../estimators/step-entropy';
import type { ParameterPrior } from '../plugin-points/parameter-prior';
import type { StepEvent } from '../plugin-points/step-event';

/** One logged row of a run (the metrics.jsonl contract: step, t, value, objective, kl, gradNorm). */
export interface FlowMetrics {
  readonly step: number;
  readonly t: number;
  /** F(ν_t) = ∫ V^{π_ν} dρ. */
  readonly value: number;
  /** J(ν_t) = F(ν_t) − (σ²/2)·KL(ν_t | g) (docs/math.md §3). */
  readonly objective: number;
  /** Kozachenko–Leonenko estimate of KL(ν_t | g) (docs/math.md §5). */
  readonly kl: number;
  /** Kozachenko–Leonenko estimate of the differential entropy of ν_t. */
  readonly entropy: number;
  /** ‖D F(ν_t, ·)‖_{L²(ν_t)}. */
  readonly gradNorm: number;
  /** With `withSchedule`: σ(t), τ(t) and dt(t) of this step. */
  readonly sigma?: number;
  readonly tau?: number;
  readonly dt?: number;
}

export interface FlowMetricsOptions {
  /** Keep every `every`-th step (and always the final state). */
  readonly every: number;
  /** Noise σ of the flow: the objective weighs the KL by σ²/2 (a step event's own σ(t), when it has one, wins). */
  readonly sigma: number;
  /** Add the step's σ, τ and dt to each row (runs with `schedules`). */
  readonly withSchedule?: boolean;
  readonly prior: ParameterPrior;
  /** k of the k-nearest-neighbour entropy estimate. */
  readonly klNeighbors?: number;
}

/**
 * Samples the step stream at a cadence and computes the objective there — the k-NN entropy costs
 * O(N²d), so it runs only on the steps that are kept, and once per step however many metrics need
 * it ({@link stepEntropy}).
 *
 * @example steps$.pipe(flowMetrics({ every: 10, sigma: 0.5, prior })).subscribe(console.log)
 */
export function flowMetrics(options: FlowMetricsOptions): OperatorFunction<StepEvent, FlowMetrics> {
  const { every, sigma, prior, klNeighbors = 1, withSchedule = false } = options;
  if (!(Number.isInteger(every) && every >= 1)) throw new RangeError(`flowMetrics: every must be an integer ≥ 1, given ${every}`);
  return (steps$) =>
    steps$.pipe(
      filter((event) => event.final || event.step % every === 0),
      map((event) => {
        const { theta, particleCount, dim } = event;
        const { entropy } = stepEntropy(event, klNeighbors);
        const kl = -entropy + crossEntropyToPrior(theta, particleCount, dim, prior);
        const currentSigma = event.sigma ?? sigma;
        const row: FlowMetrics = {
          step: event.step,
          t: event.t,
          value: event.value,
          objective: event.value - 0.5 * currentSigma * currentSigma * kl,
          kl,
          entropy,
          gradNorm: event.gradNorm,
        };
        return withSchedule ? { ...row, sigma: currentSigma, tau: event.tau, dt: event.dt } : row;
      }),
    );
}
