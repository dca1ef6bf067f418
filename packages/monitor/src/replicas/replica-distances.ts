import { ConfigError } from '@mfpg/core';
import { defer, filter, map, type OperatorFunction } from 'rxjs';
import { z } from 'zod';
import { CloudW2, type W2Method } from '../distances/cloud-w2';
import type { MetricRow } from '../metric-definition';
import { distanceOptionsShape } from '../metrics/distance-options';
import { everyOption, parseMetricOptions } from '../metrics/metric-options';
import type { ReplicaStep } from './replica-step';

/** Options of {@link replicaDistances}. */
export interface ReplicaDistancesOptions {
  /** Keep every this many steps (and the final one). Default 10. */
  readonly every?: number;
  /** `auto` (default): exact assignment up to `exactLimit` particles, sliced above. */
  readonly method?: W2Method;
  readonly exactLimit?: number;
  readonly directions?: number;
  readonly seed?: number;
}

const ReplicaDistancesSchema = z.strictObject({ every: everyOption.default(10), ...distanceOptionsShape });

/**
 * W2 between the particle clouds of every pair of replicas over time — the way to watch
 * contraction (docs/math.md §4 item 3): under sufficient regularisation the limit forgets ν_0, so
 * replicas started from different laws come together (exponentially, and with shared Brownian
 * increments down to 0 rather than to the O(N^{−1/d}) sampling floor of independent clouds).
 * Rows: `replicas/w2/i-j` for i < j, `replicas/w2-max` and `replicas/w2-mean` over pairs, and,
 * when every replica has the same N, `replicas/coupling/i-j` = sqrt((1/N) Σ_k |θ^i_k − θ^j_k|²),
 * the synchronous-coupling bound W2 ≤ coupling (particle k of one replica paired with particle k
 * of the other, as the shared noise pairs them; docs/math.md §5).
 *
 * @example replicas.steps$.pipe(replicaDistances({ every: 20 })).subscribe((row) => console.log(row.t, row.values['replicas/w2-max']))
 */
export function replicaDistances(options: ReplicaDistancesOptions = {}): OperatorFunction<ReplicaStep, MetricRow> {
  const { every, ...distance } = parseMetricOptions(ReplicaDistancesSchema, options, 'replicaDistances');
  return (steps$) =>
    defer(() => {
      const w2 = new CloudW2(distance);
      return steps$.pipe(
        filter((state) => state.final || state.step % every === 0),
        map((state): MetricRow => {
          const { replicas } = state;
          const values: Record<string, number> = {};
          let largest = 0;
          let sum = 0;
          let pairs = 0;
          for (let i = 0; i < replicas.length; i++) {
            for (let j = i + 1; j < replicas.length; j++) {
              const a = replicas[i];
              const b = replicas[j];
              if (a.particleCount !== b.particleCount || a.dim !== b.dim) {
                throw ConfigError.of('replicas', `${a.particleCount}×${a.dim} and ${b.particleCount}×${b.dim}`, 'replicas with the same particle count and parameter dimension');
              }
              const value = w2.distance(a.theta, b.theta, a.particleCount, a.dim);
              values[`replicas/w2/${i}-${j}`] = value;
              values[`replicas/coupling/${i}-${j}`] = couplingDistance(a.theta, b.theta, a.particleCount);
              largest = Math.max(largest, value);
              sum += value;
              pairs++;
            }
          }
          if (pairs > 0) {
            values['replicas/w2-max'] = largest;
            values['replicas/w2-mean'] = sum / pairs;
          }
          return { step: state.step, t: state.t, values };
        }),
      );
    });
}

/** sqrt((1/N) Σ_k |a_k − b_k|²): the cost of pairing particle k with particle k. */
function couplingDistance(a: Float64Array, b: Float64Array, particleCount: number): number {
  let squares = 0;
  for (let k = 0; k < a.length; k++) squares += (a[k] - b[k]) ** 2;
  return Math.sqrt(squares / particleCount);
}
