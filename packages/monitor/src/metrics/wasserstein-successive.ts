import type { StepEvent } from '@mfpg/core';
import { defer, filter, map, type OperatorFunction } from 'rxjs';
import { z } from 'zod';
import { CloudW2, type W2Method } from '../distances/cloud-w2';
import type { MetricDefinition, MetricMemory, MetricRow } from '../metric-definition';
import { distanceOptionsShape } from './distance-options';
import { keepEvery } from './keep-every';
import { encodeFloats, encodeNumber, exactNumberSchema, floatsSchema, restoredState } from './metric-memory-codec';
import { everyOption, parseMetricOptions } from './metric-options';

/** Options of {@link wassersteinSuccessive}. */
export interface WassersteinSuccessiveOptions {
  /**
   * Keep every this many steps; the distance is between successive kept snapshots. Default 200:
   * exact W2 at N = 1000 costs ≈ 0.5 s, about 10 steps of the default run.
   */
  readonly every?: number;
  /** `auto` (default): exact assignment up to `exactLimit` particles, sliced above. */
  readonly method?: W2Method;
  readonly exactLimit?: number;
  /** Directions of the sliced distance. Default 64. */
  readonly directions?: number;
  /** Seed of the sliced directions. Default 0. */
  readonly seed?: number;
}

const SuccessiveOptionsSchema = z.strictObject({ every: everyOption.default(200), ...distanceOptionsShape });

/** Its memory: the previous kept cloud (N×d, base64 float64; empty before the first) and its time. */
const SuccessiveStateSchema = z.strictObject({ previous: floatsSchema, previousT: exactNumberSchema });

/**
 * How far the cloud moved between successive kept snapshots: W2(ν_{t_prev}, ν_t) (docs/math.md §5), as
 * `distance/w2-successive`, and the speed W2/(t − t_prev) as `distance/w2-speed`; along a
 * converging flow both decay to the noise floor of the particle system. `distance/w2-exact` is 1
 * when the exact distance was used, 0 for the sliced one (SW2, ≈ W2/√d for isotropic moves).
 * The first kept step only records the snapshot (no row). With a `memory` (checkpoints) the
 * previous cloud and its time are saved and restored, so a resumed run continues exactly.
 *
 * @example steps$.pipe(wassersteinSuccessive({ every: 10 }))
 */
export function wassersteinSuccessive(options: WassersteinSuccessiveOptions = {}, memory?: MetricMemory, field = 'wassersteinSuccessive'): OperatorFunction<StepEvent, MetricRow> {
  const { every, ...distance } = parseMetricOptions(SuccessiveOptionsSchema, options, field);
  const restored = restoredState(memory, SuccessiveStateSchema, field);
  return (steps$) =>
    defer(() => {
      const w2 = new CloudW2(distance);
      let previous = restored ? Float64Array.from(restored.previous) : new Float64Array(0);
      let previousT = restored ? restored.previousT : Number.NaN;
      memory?.keep(() => ({ previous: encodeFloats(previous), previousT: encodeNumber(previousT) }));
      const rows: OperatorFunction<StepEvent, MetricRow | undefined> = map((event) => {
        const { theta, particleCount, dim } = event;
        let row: MetricRow | undefined;
        if (previous.length === theta.length && event.t > previousT) {
          const value = w2.distance(previous, theta, particleCount, dim);
          row = {
            step: event.step,
            t: event.t,
            values: { 'distance/w2-successive': value, 'distance/w2-speed': value / (event.t - previousT), 'distance/w2-exact': w2.usesExact(particleCount) ? 1 : 0 },
          };
        }
        if (previous.length !== theta.length) previous = new Float64Array(theta.length);
        previous.set(theta);
        previousT = event.t;
        return row;
      });
      return steps$.pipe(
        keepEvery(every),
        rows,
        filter((row): row is MetricRow => row !== undefined),
      );
    });
}

export const wassersteinSuccessiveDefinition: MetricDefinition = {
  name: 'w2-successive',
  description: 'W2 between successive kept snapshots of the cloud, exact or sliced (distance/w2-successive, distance/w2-speed)',
  create: (context, options, field = 'monitor.metrics.w2-successive') => wassersteinSuccessive(parseMetricOptions(SuccessiveOptionsSchema, options, field), context.memory, field),
};
