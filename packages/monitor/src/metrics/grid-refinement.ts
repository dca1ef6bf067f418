import { ConfigError, DEFAULT_GRID_NODES, discretizeEnvironment, type Environment, type ParticleBackend, SoftBellmanSolver, type StepEvent, type Unit } from '@mfpg/core';
import { map, type OperatorFunction } from 'rxjs';
import { z } from 'zod';
import type { MetricDefinition, MetricRow } from '../metric-definition';
import { keepEvery } from './keep-every';
import { everyOption, parseMetricOptions } from './metric-options';
import { RefinedForward } from './refined-forward';

const positiveInteger = (what: string) => z.number({ error: `an integer ≥ 2 (${what})` }).int({ error: `an integer ≥ 2 (${what})` }).min(2, { error: `an integer ≥ 2 (${what})` });

const GridRefinementOptionsSchema = z.strictObject({
  every: everyOption.default(50),
  /** State nodes per dimension of the refined grid; default 2n − 1 for the run's n (every old node kept). */
  states: positiveInteger('state nodes per dimension of the refined grid').optional(),
  /** Action nodes per dimension of the refined grid; default 2m − 1. */
  actions: positiveInteger('action nodes per dimension of the refined grid').optional(),
});

/** Options of {@link gridRefinement}. */
export interface GridRefinementOptions {
  readonly every: number;
  readonly environment: Environment;
  readonly unit: Unit;
  /**
   * The run's backend: the network on the refined points is its kernels' forward (product-grid
   * kernels where the refined grid has that structure). Absent, or with kernels that answer
   * asynchronously (gpu): Unit.value pair by pair, N·M' calls (metrics/refined-forward.ts).
   */
  readonly backend?: ParticleBackend;
  readonly tau: number;
  /** Nodes per dimension of the refined grid. */
  readonly states: number;
  readonly actions: number;
}

/**
 * F(ν_t) on a second, finer grid every `every` steps (`grid/refined-value`) and its distance to the
 * run's F (`grid/refinement-gap` = refined − F): where the gap is large against the changes of F,
 * the run's grid no longer resolves the policy (docs/control.md). The network is evaluated on the
 * refined points by the run's backend kernels when `backend` is given (else the unit, N × M' calls;
 * metrics/refined-forward.ts) and the refined soft Bellman equations are solved by a
 * SoftBellmanSolver, directly (sparse LU) on interpolated grids so that each value depends on its
 * own step alone. The refined grid is built on the first kept step.
 */
export function gridRefinement(options: GridRefinementOptions): OperatorFunction<StepEvent, MetricRow> {
  let refined: { evaluator: SoftBellmanSolver; network: RefinedForward; logits: Float64Array } | undefined;
  return (steps$) =>
    steps$.pipe(
      keepEvery(options.every),
      map((event) => {
        refined ??= (() => {
          const discretization = discretizeEnvironment(options.environment, options.states, options.actions);
          return {
            // A direct solve on interpolated grids: `auto` may pick a warm-started GMRES, whose last
            // digits would depend on the earlier evaluations, and a resumed run has none of them.
            evaluator: new SoftBellmanSolver(discretization.mdp, options.tau, { solver: discretization.mdp.sparseTransition === undefined ? 'auto' : 'sparse' }),
            network: new RefinedForward(options.unit, discretization.points, options.backend),
            logits: new Float64Array(discretization.points.count),
          };
        })();
        const { evaluator, network, logits } = refined;
        network.evaluate(event.theta, event.particleCount, event.dim, logits);
        // The τ this step was evaluated with (τ(t) under schedules.tau), so the gap compares like with like.
        evaluator.setTau(event.tau ?? options.tau);
        const value = evaluator.evaluate(logits);
        return { step: event.step, t: event.t, values: { 'grid/refined-value': value, 'grid/refinement-gap': value - event.value } };
      }),
    );
}

export const gridRefinementDefinition: MetricDefinition = {
  name: 'grid-refinement',
  description: 'F on a finer grid (default 2n−1 state, 2m−1 action nodes per dimension) every 50 steps: grid/refined-value, grid/refinement-gap; grid evaluator only',
  create: ({ config, environment, unit, backend }, options, field = 'monitor.metrics.grid-refinement') => {
    if (config.evaluator.name !== 'grid') throw ConfigError.of(`${field}.name`, 'grid-refinement', `a metric of the evaluator '${config.evaluator.name}': grid-refinement needs evaluator.name = grid`);
    if (unit === undefined) throw ConfigError.of(`${field}.name`, 'grid-refinement', 'a metric of a single run (its context has no unit to evaluate the network with)');
    const parsed = parseMetricOptions(GridRefinementOptionsSchema, options, field);
    const states = config.env.grid.states ?? environment.defaultGrid?.states ?? DEFAULT_GRID_NODES;
    const actions = config.env.grid.actions ?? environment.defaultGrid?.actions ?? DEFAULT_GRID_NODES;
    return gridRefinement({
      every: parsed.every,
      environment,
      unit,
      backend,
      tau: config.regularization.tau,
      states: parsed.states ?? (environment.stateSpace.kind === 'finite' ? states : 2 * states - 1),
      actions: parsed.actions ?? (environment.actionSpace.kind === 'finite' ? actions : 2 * actions - 1),
    });
  },
};
