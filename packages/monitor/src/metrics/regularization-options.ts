import type { ParameterPrior } from '@mfpg/core';

/**
 * The run's regularisation, which every metric of the objective J = F − (σ²/2)·KL(ν | g) or of the
 * Gibbs map Γ(ν) ∝ exp((2/σ²) δF/δν − U) needs.
 */
export interface RegularizationOptions {
  /** Noise σ of the flow (σ > 0 for the metrics that divide by it: Stein, energy dissipation). */
  readonly sigma: number;
  /** The Gibbs reference g ∝ e^{−U}. */
  readonly prior: ParameterPrior;
}

/** The regularisation, and the k of the Kozachenko–Leonenko estimate of KL(ν | g) a metric of J uses. */
export interface KlEstimateOptions extends RegularizationOptions {
  /** k of the Kozachenko–Leonenko estimate. Default 1. */
  readonly klNeighbors?: number;
}
