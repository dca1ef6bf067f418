// npx tsx bench/monitor-metrics.ts — cost of the measure-level metrics of @mfpg/monitor (run from
// the sources, no build needed). Reports milliseconds per call (median of repeated runs); the issue's
// targets are: sliced W2 of two 16 384-particle clouds with 64 directions ≤ 10 ms, exact W2 for
// N = 1000 < 1 s.
import { createRandom } from '../packages/core/src/index';
import { ExactW2 } from '../packages/monitor/src/distances/exact-w2';
import { SlicedW2 } from '../packages/monitor/src/distances/sliced-w2';
import { referenceSlicedSquaredDistance } from '../packages/monitor/src/distances/sliced-w2-reference';
import { gaussianKernelScore } from '../packages/monitor/src/estimators/kernel-score';
import { kernelSteinDiscrepancy } from '../packages/monitor/src/estimators/kernel-stein-discrepancy';
import { knnEntropyWithError } from '../packages/core/src/estimators/knn-entropy';

const rng = createRandom(1);
const cloud = (n: number, dim: number, shift = 0) => {
  const theta = new Float64Array(n * dim);
  rng.fillNormal(theta);
  for (let k = 0; k < theta.length; k++) theta[k] += shift;
  return theta;
};
const median = (fn: () => void, repeats: number) => {
  fn();
  const times: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(repeats / 2)];
};
const report = (label: string, ms: number, note = '') => console.log(`${label.padEnd(52)} ${ms.toFixed(2).padStart(9)} ms${note}`);

const exact = new ExactW2();
for (const n of [250, 500, 1000, 2000]) {
  const a = cloud(n, 6);
  const b = cloud(n, 6, 0.3);
  report(`exact W2 (Hungarian/JV), N = ${n}, d = 6`, median(() => exact.distance(a, b, n, 6), n >= 2000 ? 3 : 5));
}
// Sliced W2 runs in WebAssembly on every core (SlicedW2's default threads); the float64 JavaScript
// reference it reproduces bit for bit is the implementation before, timed in the same run.
for (const [n, dim] of [[16384, 6], [16384, 2], [4096, 6]] as const) {
  const sliced = new SlicedW2({ directions: 64, seed: 1 });
  const single = new SlicedW2({ directions: 64, seed: 1, threads: 1 });
  const a = cloud(n, dim);
  const b = cloud(n, dim, 0.3);
  const ms = median(() => sliced.distance(a, b, n, dim), 21);
  const target = n === 16384 && dim === 6 ? '   (target ≤ 10 ms)' : '';
  report(`sliced W2, N = ${n}, d = ${dim}, 64 directions, ${sliced.threads} threads`, ms, target);
  report(`  the same on 1 thread`, median(() => single.distance(a, b, n, dim), 21));
  const before = median(() => referenceSlicedSquaredDistance(a, b, n, dim, sliced.directions(dim)), 5);
  report(`  float64 JavaScript reference (before)`, before, `   (${(before / ms).toFixed(1)}× the time)`);
}
for (const n of [1000]) {
  const theta = cloud(n, 6);
  const score = theta.map((x) => -x);
  const out = new Float64Array(theta.length);
  report(`k-NN entropy + standard error, N = ${n}, d = 6`, median(() => knnEntropyWithError(theta, n, 6), 11));
  report(`kernel score (leave-one-out), N = ${n}, d = 6`, median(() => gaussianKernelScore(theta, n, 6, out), 11));
  report(`kernel Stein discrepancy (IMQ), N = ${n}, d = 6`, median(() => kernelSteinDiscrepancy(theta, score, n, 6), 11));
}
