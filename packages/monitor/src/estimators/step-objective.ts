import { crossEntropyToPrior, type ParameterPrior, stepEntropy, type StepEvent } from '@mfpg/core';

/** J(ν_t) and its parts at one step, with the standard error the k-NN entropy brings into J. */
export interface ObjectiveEstimate {
  /** F(ν_t). */
  readonly value: number;
  /** J = F − (σ²/2)·KL(ν|g) (docs/math.md §3). */
  readonly objective: number;
  /** KL(ν|g) = −Ĥ + (1/N) Σ U(θ_i) + log Z_U (docs/math.md §5). */
  readonly kl: number;
  readonly entropy: number;
  /** Standard error of Ĥ; J's is (σ²/2) times it (F is exact on a grid). */
  readonly entropyStandardError: number;
  readonly objectiveStandardError: number;
}

/** Computes {@link ObjectiveEstimate} for the cloud of one step event: O(N² d) for the first metric at that step, O(N d) after (the k-NN search is shared, see `stepEntropy`). */
export function estimateObjective(event: StepEvent, sigma: number, prior: ParameterPrior, klNeighbors: number): ObjectiveEstimate {
  const { entropy, standardError } = stepEntropy(event, klNeighbors);
  const kl = -entropy + crossEntropyToPrior(event.theta, event.particleCount, event.dim, prior);
  // Under a σ schedule the event carries σ(t), which defines J at that time.
  const currentSigma = event.sigma ?? sigma;
  const weight = 0.5 * currentSigma * currentSigma;
  return {
    value: event.value,
    objective: event.value - weight * kl,
    kl,
    entropy,
    entropyStandardError: standardError,
    objectiveStandardError: weight * standardError,
  };
}
