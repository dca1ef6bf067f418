import { ConfigError, gridMdpOf, gridOptimum, type StepEvent } from '@mfpg/core';
import { map, type OperatorFunction } from 'rxjs';
import { z } from 'zod';
import type { MetricDefinition, MetricRow } from '../metric-definition';
import { keepEvery } from './keep-every';
import { everyOption, parseMetricOptions } from './metric-options';

/** Options of {@link suboptimality}. */
export interface SuboptimalityOptions {
  /** Keep every this many steps; default 1 (V*(ρ) is computed once per τ: once per run without a τ schedule). */
  readonly every?: number;
  /** Entropy strength τ of the optimum when a step does not carry its own τ(t): `regularization.tau`. */
  readonly tau: number;
}

const SuboptimalityOptionsSchema = z.strictObject({ every: everyOption.default(1) });

/**
 * V*(ρ) − F(ν_t) ≥ 0 (`objective/suboptimality`) next to V*(ρ) (`objective/optimum`), with V*(ρ)
 * the soft optimum of the same grid MDP and τ by soft value iteration (docs/math.md §1, §5),
 * computed once per τ (gridOptimum caches it). Needs the grid evaluator.
 */
export function suboptimality(options: SuboptimalityOptions): OperatorFunction<StepEvent, MetricRow> {
  const { every } = parseMetricOptions(SuboptimalityOptionsSchema, { every: options.every }, 'suboptimality');
  return (steps$) =>
    steps$.pipe(
      keepEvery(every),
      map((event) => {
        const mdp = gridMdpOf(event);
        if (mdp === undefined) throw new Error('suboptimality needs the grid evaluator (the step has no grid MDP)');
        // The optimum of the τ this step was evaluated with (τ(t) under schedules.tau).
        const optimum = gridOptimum(mdp, event.tau ?? options.tau).value;
        return { step: event.step, t: event.t, values: { 'objective/optimum': optimum, 'objective/suboptimality': optimum - event.value } };
      }),
    );
}

export const suboptimalityDefinition: MetricDefinition = {
  name: 'suboptimality',
  description: 'V*(ρ) − F(ν_t), the gap to the soft optimum of the same grid by soft value iteration (objective/suboptimality, objective/optimum); grid evaluator only',
  create: ({ config }, options, field = 'monitor.metrics.suboptimality') => {
    if (config.evaluator.name !== 'grid') throw ConfigError.of(`${field}.name`, 'suboptimality', `a metric of the evaluator '${config.evaluator.name}': suboptimality needs evaluator.name = grid`);
    const { every } = parseMetricOptions(SuboptimalityOptionsSchema, options, field);
    return suboptimality({ every, tau: config.regularization.tau });
  },
};
