// The per-step k-NN entropy is computed once however many metrics need it (stepEntropy): the cost
// of four k-NN metrics on a step stream, against one of them in the same process.
// Usage: npx tsx bench/shared-entropy.mts
import { createRandom, GaussianPrior, type PolicyEvaluation, type StepEvent } from '../packages/core/src/index';
import { contractMetrics, entropyEstimates, monitorRows, monotonicityCheck, type NamedMetric, objectiveEstimates } from '../packages/monitor/src/index';
import { lastValueFrom, Subject, toArray } from 'rxjs';

const particleCount = 1000;
const dim = 6;
const steps = 40;
const prior = new GaussianPrior(1);
const theta = new Float64Array(particleCount * dim);
createRandom(3).fillNormal(theta);
const drift = new Float64Array(theta.length);

async function seconds(metrics: () => NamedMetric[]): Promise<number> {
  const steps$ = new Subject<StepEvent>();
  const done = lastValueFrom(steps$.pipe(monitorRows(metrics()), toArray()));
  const start = performance.now();
  for (let step = 0; step < steps; step++) {
    steps$.next({ step, t: step, dt: 1, final: false, value: 0, gradNorm: 0, evaluation: {} as PolicyEvaluation, drift, theta, particleCount, dim });
  }
  steps$.complete();
  await done;
  return (performance.now() - start) / 1000;
}

const one = () => [{ name: 'entropy', operator: entropyEstimates({ every: 1 }) }];
const four = () => [
  { name: 'contract', operator: contractMetrics({ every: 1, sigma: 1, prior, klNeighbors: 1 }) },
  { name: 'objective', operator: objectiveEstimates({ every: 1, sigma: 1, prior }) },
  { name: 'entropy', operator: entropyEstimates({ every: 1 }) },
  { name: 'monotonicity', operator: monotonicityCheck({ every: 1, sigma: 1, prior }) },
];
await seconds(four);
const median = async (metrics: () => NamedMetric[]) => {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) times.push(await seconds(metrics));
  return times.sort((a, b) => a - b)[2];
};
const single = await median(one);
const shared = await median(four);
// The peer: the same four metrics, each on its own stream of fresh events, so none can reuse
// another's search — the cost before the search was shared.
let separate = 0;
for (const metric of four()) separate += await median(() => [metric]);
console.log(`one k-NN metric, N = ${particleCount}, d = ${dim}, ${steps} steps                          ${(single * 1000).toFixed(1)} ms`);
console.log(`four k-NN metrics on one stream (contract, objective, entropy, monotonicity)   ${(shared * 1000).toFixed(1)} ms   (${(shared / single).toFixed(2)}× one)`);
console.log(`  the same four, each searching on its own (before)                         ${(separate * 1000).toFixed(1)} ms   (${(separate / shared).toFixed(2)}× the time)`);
