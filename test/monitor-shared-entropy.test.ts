import { createRandom, crossEntropyToPrior, GaussianPrior, knnEntropyOffset, kthNearestSquaredDistances, type PolicyEvaluation, type StepEvent } from '@mfpg/core';
import {
  contractMetrics,
  energyDissipation,
  entropyEstimates,
  exponentialRate,
  type MonitorRow,
  monitorRows,
  monotonicityCheck,
  type NamedMetric,
  objectiveEstimates,
} from '@mfpg/monitor';
import { lastValueFrom, Subject, toArray } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import { nearestSquaredDistancesSimd } from '../packages/core/src/wasm/knn-kernels';

// Counts the k = 1 nearest-neighbour searches (the O(N²d) part) while computing exactly as before.
vi.mock('../packages/core/src/wasm/knn-kernels', async (importOriginal) => {
  const original = await importOriginal<typeof import('../packages/core/src/wasm/knn-kernels')>();
  return { ...original, nearestSquaredDistancesSimd: vi.fn(original.nearestSquaredDistancesSimd) };
});

const particleCount = 60;
const dim = 2;
const steps = 6;
const sigma = 0.7;
const prior = new GaussianPrior(1.5);

/**
 * Runs metrics on steps published the way the engine publishes them: on a hot stream, one live θ
 * buffer refilled in place, a fresh event object per step (so a cache keyed by anything but the
 * event would serve a stale cloud). Returns the logged rows and a copy of each step's cloud.
 */
async function runMetrics(metrics: readonly NamedMetric[]): Promise<{ rows: MonitorRow[]; clouds: Float64Array[] }> {
  const steps$ = new Subject<StepEvent>();
  const rows = lastValueFrom(steps$.pipe(monitorRows(metrics), toArray()));
  const rng = createRandom(13);
  const theta = new Float64Array(particleCount * dim);
  const drift = new Float64Array(particleCount * dim);
  const clouds: Float64Array[] = [];
  for (let step = 0; step < steps; step++) {
    rng.fillNormal(theta);
    for (let i = 0; i < theta.length; i++) theta[i] *= 1 + 0.2 * step;
    clouds.push(theta.slice());
    steps$.next({ step, t: 0.1 * step, dt: 0.1, final: step === steps - 1, value: 1 + 0.1 * step, gradNorm: 0, evaluation: {} as PolicyEvaluation, drift, theta, particleCount, dim });
  }
  steps$.complete();
  return { rows: await rows, clouds };
}

describe('the per-step k-NN entropy shared by every metric that needs it', () => {
  it('runs the search once per step for six metrics, and each logs the previous per-metric numbers bit for bit', async () => {
    const search = vi.mocked(nearestSquaredDistancesSimd);
    search.mockClear();
    const { rows, clouds } = await runMetrics([
      { name: 'contract', operator: contractMetrics({ every: 1, sigma, prior, klNeighbors: 1 }) },
      { name: 'objective', operator: objectiveEstimates({ every: 1, sigma, prior }) },
      { name: 'entropy', operator: entropyEstimates({ every: 1 }) },
      { name: 'monotonicity', operator: monotonicityCheck({ every: 1, sigma, prior }) },
      { name: 'rate', operator: exponentialRate({ every: 1, sigma, prior }) },
      { name: 'dissipation', operator: energyDissipation({ every: 1, sigma, prior }) },
    ]);
    expect(search).toHaveBeenCalledTimes(steps);
    expect(rows).toHaveLength(steps);

    for (const [step, row] of rows.entries()) {
      // The previous computations, written out: flowMetrics' Ĥ = c + (d/2)·Σ log ε²/N, and the
      // monitor's standard error from the terms (d/2)·log ε² (knn-entropy-error.ts before the merge).
      const kth = kthNearestSquaredDistances(clouds[step], particleCount, dim, 1);
      let sumLog = 0;
      let sumTerms = 0;
      let sumSquaredTerms = 0;
      for (const squared of kth) {
        sumLog += Math.log(squared);
        const term = 0.5 * dim * Math.log(squared);
        sumTerms += term;
        sumSquaredTerms += term * term;
      }
      const offset = knnEntropyOffset(particleCount, dim, 1);
      const entropy = offset + (0.5 * dim * sumLog) / particleCount;
      const meanTerm = sumTerms / particleCount;
      const standardError = Math.sqrt(Math.max(0, (sumSquaredTerms - particleCount * meanTerm * meanTerm) / (particleCount - 1)) / particleCount);
      const kl = -entropy + crossEntropyToPrior(clouds[step], particleCount, dim, prior);
      const weight = 0.5 * sigma * sigma;
      const objective = 1 + 0.1 * step - weight * kl;

      expect(row.entropy).toBe(entropy);
      expect(row.kl).toBe(kl);
      expect(row.objective).toBe(objective);
      expect(row['objective/j']).toBe(objective);
      expect(row['objective/j-stderr']).toBe(weight * standardError);
      expect(row['measure/kl']).toBe(kl);
      expect(row['measure/entropy-stderr']).toBe(standardError);
      expect(row['monotonicity/j']).toBe(objective);
      // The monitor's own estimator summed c + Σ((d/2)·log ε²)/N: the same number up to the order of
      // rounding (a few ulps of |Ĥ| ≲ 10); with one estimator both columns now agree exactly.
      expect(row['measure/entropy']).toBe(entropy);
    }
  });

  it('searches again for another neighbour rank at the same step, and not at steps no metric keeps', async () => {
    const search = vi.mocked(nearestSquaredDistancesSimd);
    search.mockClear();
    await runMetrics([
      { name: 'entropy-k1', operator: entropyEstimates({ every: 2 }) },
      { name: 'objective-k1', operator: objectiveEstimates({ every: 2, sigma, prior }) },
      { name: 'entropy-k2', operator: entropyEstimates({ every: 1, klNeighbors: 2 }) },
    ]);
    // k = 1 at steps 0, 2, 4 and the final step 5; k = 2 uses the sorted-list search, not this kernel.
    expect(search).toHaveBeenCalledTimes(4);
  });
});
