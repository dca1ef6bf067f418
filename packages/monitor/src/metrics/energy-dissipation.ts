import type { StepEvent } from '@mfpg/core';
import { defer, map, type OperatorFunction } from 'rxjs';
import { z } from 'zod';
import { crossFittedKernelScores } from '../estimators/cross-fitted-score';
import type { MetricDefinition, MetricMemory, MetricRow } from '../metric-definition';
import { keepEvery } from './keep-every';
import type { KlEstimateOptions } from './regularization-options';
import { encodeNumber, exactNumberSchema, restoredState } from './metric-memory-codec';
import { everyOption, neighborsOption, parseMetricOptions, positiveOption, requirePositiveSigma } from './metric-options';
import { estimateObjective } from '../estimators/step-objective';

/** Options of {@link energyDissipation}. */
export interface EnergyDissipationOptions extends KlEstimateOptions {
  /** Keep every this many steps. Default 20: the scores and KL estimate cost O(N² d) (≈ 50 ms for N = 1000, d = 6). */
  readonly every?: number;
  /** Bandwidth h of the Gaussian-kernel score estimate; omitted: the normal-reference rule for gradients at each kept step (scoreBandwidth). */
  readonly bandwidth?: number;
}

const EnergyOptionsSchema = z.strictObject({
  every: everyOption.default(20),
  bandwidth: positiveOption('kernel bandwidth h of the score estimate').optional(),
  klNeighbors: neighborsOption.default(1),
});

/** Its memory: the previous kept step's time, J, its standard error and dissipation (null before the first). */
const EnergyStateSchema = z.strictObject({
  previous: z.strictObject({ t: exactNumberSchema, objective: exactNumberSchema, standardError: exactNumberSchema, dissipation: exactNumberSchema }).nullable(),
});

/**
 * The energy dissipation of the flow (docs/math.md §4 item 1),
 *
 *   dJ/dt = ∫ |D F(ν,θ) − (σ²/2)∇U(θ) − (σ²/2)∇log ν(θ)|² ν(dθ)
 *         ≈ (1/N) Σ_i (b_i − (σ²/2) ŝ^A_i)·(b_i − (σ²/2) ŝ^B_i),   b_i = D F(ν_t, θ_i) − (σ²/2)∇U(θ_i),
 *
 * with ŝ^A, ŝ^B two independent Gaussian-kernel score estimates from the two halves of the cloud
 * (cross-fitting: the product has no E|ŝ − ∇log ν|² bias, which in d = 6 with a few hundred
 * particles is larger than the dissipation itself), next to the finite difference of J between
 * this kept step and the previous one. Rows:
 * - `energy/dissipation`: the cross-fitted estimate at this step (it may dip below 0 by its noise
 *   near stationarity — reported as is);
 * - `energy/dissipation-plugin`: the plug-in (1/N) Σ_i |b_i − (σ²/2) ŝ_i| ² with ŝ = (ŝ^A + ŝ^B)/2,
 *   always ≥ 0 but biased upwards by (σ⁴/4)·E|ŝ − ∇log ν|²;
 * - `energy/dissipation-interval`: its trapezoid mean over the interval since the previous kept step,
 *   which is what `energy/dj-dt` estimates;
 * - `energy/dj-dt` = (J(t) − J(t_prev))/(t − t_prev), with `energy/dj-dt-stderr` from the two
 *   entropy standard errors (an upper bound: successive estimates are positively correlated);
 * - `objective/j`.
 * The first kept step has only the dissipation and J.
 *
 * Known biases: kernel smoothing shrinks the score towards that of ν * N(0, h²I) (downwards for
 * a cloud more concentrated than g); the time discretisation makes J at step n differ from the
 * SDE's by O(dt).
 *
 * With a `memory` (checkpoints) the previous kept step is saved and restored, so a resumed run
 * gives the same interval columns.
 *
 * @example steps$.pipe(energyDissipation({ every: 20, sigma: 0.5, prior }))
 */
export function energyDissipation(options: EnergyDissipationOptions, memory?: MetricMemory, field = 'energyDissipation'): OperatorFunction<StepEvent, MetricRow> {
  const { sigma, prior, ...rest } = options;
  const { every, bandwidth, klNeighbors } = parseMetricOptions(EnergyOptionsSchema, rest, field);
  requirePositiveSigma(sigma, 'energy-dissipation');
  const restored = restoredState(memory, EnergyStateSchema, field);
  const halfVariance = 0.5 * sigma * sigma;
  return (steps$) =>
    defer(() => {
      let integrand = new Float64Array(0);
      let scoreA = new Float64Array(0);
      let scoreB = new Float64Array(0);
      let previous: { t: number; objective: number; standardError: number; dissipation: number } | undefined = restored?.previous ? { ...restored.previous } : undefined;
      memory?.keep(() => ({
        previous: previous
          ? { t: encodeNumber(previous.t), objective: encodeNumber(previous.objective), standardError: encodeNumber(previous.standardError), dissipation: encodeNumber(previous.dissipation) }
          : null,
      }));
      return steps$.pipe(
        keepEvery(every),
        map((event): MetricRow => {
          const { theta, drift, particleCount, dim } = event;
          if (integrand.length !== theta.length) {
            integrand = new Float64Array(theta.length);
            scoreA = new Float64Array(theta.length);
            scoreB = new Float64Array(theta.length);
          }
          crossFittedKernelScores(theta, particleCount, dim, scoreA, scoreB, bandwidth);
          integrand.set(drift);
          prior.addGradient(theta, -halfVariance, integrand);
          let crossed = 0;
          let squares = 0;
          for (let k = 0; k < integrand.length; k++) {
            const a = integrand[k] - halfVariance * scoreA[k];
            const b = integrand[k] - halfVariance * scoreB[k];
            crossed += a * b;
            squares += (0.5 * (a + b)) ** 2;
          }
          const dissipation = crossed / particleCount;
          const estimate = estimateObjective(event, sigma, prior, klNeighbors);
          const values: Record<string, number> = {
            'energy/dissipation': dissipation,
            'energy/dissipation-plugin': squares / particleCount,
            'objective/j': estimate.objective,
          };
          if (previous && event.t > previous.t) {
            const span = event.t - previous.t;
            values['energy/dissipation-interval'] = 0.5 * (dissipation + previous.dissipation);
            values['energy/dj-dt'] = (estimate.objective - previous.objective) / span;
            values['energy/dj-dt-stderr'] = Math.hypot(estimate.objectiveStandardError, previous.standardError) / span;
          }
          previous = { t: event.t, objective: estimate.objective, standardError: estimate.objectiveStandardError, dissipation };
          return { step: event.step, t: event.t, values };
        }),
      );
    });
}

export const energyDissipationDefinition: MetricDefinition = {
  name: 'energy-dissipation',
  description: 'dJ/dt = ∫|DF − (σ²/2)∇U − (σ²/2)∇log ν|² dν (kernel score) next to the finite-difference dJ/dt (energy/…)',
  create: (context, options, field = 'monitor.metrics.energy-dissipation') =>
    energyDissipation({
      ...parseMetricOptions(EnergyOptionsSchema, { klNeighbors: context.config.monitor.klNeighbors, ...options }, field),
      sigma: context.config.regularization.sigma,
      prior: context.prior,
    }, context.memory, field),
};
